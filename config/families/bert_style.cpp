#include "config/families/bert_style.h"

#include <nlohmann/json.hpp>

#include "config/hf_config_reader.h"

namespace lnc::config::bert_style {

void read_hf(const HfConfigReader& r, ModelConfig& c) {
  c.pad_token_id = r.integer("pad_token_id", 0);
  c.type_vocab_size = r.integer("type_vocab_size", 2);
  if (c.type_vocab_size <= 0) r.fail("type_vocab_size", "must be positive");
  c.hidden_act = r.string("hidden_act", "gelu");
  if (c.hidden_act != "gelu") r.fail("hidden_act", "unsupported activation '" + c.hidden_act + "' (gelu only)");
}

void write_hf(const ModelConfig& c, nlohmann::json& j) {
  j["type_vocab_size"] = c.type_vocab_size;
  j["hidden_act"] = c.hidden_act;
  j["position_embedding_type"] = "absolute";
  j["classifier_dropout"] = c.classifier_dropout >= 0 ? nlohmann::json(c.classifier_dropout) : nlohmann::json(nullptr);
}

std::int64_t head_parameters(const ModelConfig& c) {
  const std::int64_t H = c.hidden_size, n = c.num_labels;
  return H * n + n;
}

std::vector<LinearShape> pooler_linears(const ModelConfig& c) { return {{"pooler.dense", c.hidden_size, c.hidden_size}}; }

std::int64_t pooler_parameters(const ModelConfig& c) {
  const std::int64_t H = c.hidden_size;
  return H * H + H;
}

const char* const kRecipe = R"(
[optimizer]
lr = 3e-5
weight_decay = 0.01
[lr_scheduler]
warmup_steps = 50
decay = "linear"
[training]
global_batch_size = 32
)";

}  // namespace lnc::config::bert_style
