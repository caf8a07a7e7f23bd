// bert: DNABERT v1 (3- to 6-mer) = transformers' BertForSequenceClassification (trainer/models/bert/).
#include <nlohmann/json.hpp>

#include "config/families/activation_terms.h"
#include "config/families/bert_style.h"
#include "config/hf_config_reader.h"

namespace lnc::config {
namespace {

void read_hf(const HfConfigReader& r, ModelConfig& c) {
  bert_style::read_hf(r, c);
  c.max_position_embeddings = r.positive("max_position_embeddings");
  const auto pos = r.string("position_embedding_type", "absolute");
  if (pos != "absolute") r.fail("position_embedding_type", "unsupported '" + pos + "' (absolute only)");
}

// word + position + token-type embeddings, LayerNorm; per layer q/k/v and the attention output (H x H + bias
// each), two LayerNorms, intermediate H -> F and output F -> H with biases; the pooler and the head.
std::int64_t parameter_count(const ModelConfig& m) {
  const std::int64_t V = m.vocab_size, H = m.hidden_size, F = m.intermediate_size, P = m.max_position_embeddings;
  std::int64_t n = V * H + P * H + m.type_vocab_size * H + 2 * H;
  n += m.num_layers * (4 * (H * H + H) + 2 * 2 * H + 2 * H * F + F + H);
  return n + bert_style::pooler_parameters(m) + bert_style::head_parameters(m);
}

std::vector<LinearShape> layer_linears(const ModelConfig& m) {
  const std::int64_t H = m.hidden_size, F = m.intermediate_size;
  return {{"attention.self.query", H, H}, {"attention.self.key", H, H}, {"attention.self.value", H, H},
          {"attention.output.dense", H, H}, {"intermediate.dense", H, F}, {"output.dense", F, H}};
}

// Post-LN layer: q, k, v read the layer input x; attention; dropout(dense(context)) + x -> LayerNorm -> y;
// gelu(intermediate(y)) -> output dense -> dropout + y -> LayerNorm (the next layer's x).
std::int64_t layer_activation_bytes(const ModelConfig& c, const ActivationKernels& k) {
  namespace t = activation_terms;
  const std::int64_t L = k.tokens, n = L * c.hidden_size, m = L * c.intermediate_size, s = t::low(k);
  return t::linear_inputs(k, n, 3)                              // x for q, k, v
         + t::attention(c, k, false)                            // SDPA and the context
         + t::dropout(k, n, s, c.hidden_dropout)                // after the attention output dense
         + t::layer_norm(k, n)                                  // attention LayerNorm input
         + t::linear_inputs(k, n, 1)                            // y for the intermediate dense
         + m * s + (k.frozen_base ? 0 : m * s)                  // gelu input; gelu output for the output dense
         + t::dropout(k, n, s, c.hidden_dropout) + t::layer_norm(k, n);
}

}  // namespace

const FamilySpec& bert_family() {
  static const FamilySpec spec = [] {
    FamilySpec s;
    s.name = "bert";
    s.summary = "DNABERT v1 (Hugging Face BERT)";
    s.hf_model_type = "bert";
    s.hf_architecture_prefix = "Bert";
    s.read_hf = read_hf;
    s.write_hf = bert_style::write_hf;
    s.parameter_count = parameter_count;
    s.head_parameters = bert_style::head_parameters;
    s.layer_linears = layer_linears;
    s.other_linears = bert_style::pooler_linears;
    s.ffn_in_width = [](const ModelConfig& m) -> std::int64_t { return m.intermediate_size; };
    s.layer_activation_bytes = layer_activation_bytes;
    s.recipe_toml = bert_style::kRecipe;
    s.lora_target_modules = {"query", "key", "value", "dense"};
    // Learned absolute positions 0..max_position_embeddings-1, one per token.
    s.context_tokens = [](const ModelConfig& m) -> std::int64_t { return m.max_position_embeddings; };
    return s;
  }();
  return spec;
}

}  // namespace lnc::config
