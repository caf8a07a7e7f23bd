// esm: Nucleotide Transformer = transformers' EsmForSequenceClassification (trainer/models/esm/): v1 with learned
// absolute positions, v2 (InstaDeep's remote code) with rotary positions and a gated SiLU FFN.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "config/families/activation_terms.h"
#include "config/hf_config_reader.h"
#include "config/model_families.h"

namespace lnc::config {
namespace {

// Token dropout needs the mask token (its embedding is zeroed and the rows rescaled, in eval too); an
// "add_bias_fnn" key marks InstaDeep's NT v2 code, whose FFN is always the gated SiLU one (add_bias_fnn false for
// the released v2 models).
void read_hf(const HfConfigReader& r, ModelConfig& c) {
  c.max_position_embeddings = r.positive("max_position_embeddings");
  c.pad_token_id = r.integer("pad_token_id");
  c.position_embedding_type = r.string("position_embedding_type", "absolute");
  if (c.position_embedding_type != "absolute" && c.position_embedding_type != "rotary")
    r.fail("position_embedding_type", "unsupported '" + c.position_embedding_type + "' (absolute or rotary)");
  c.rope_theta = r.number("rope_theta", 10000.0);
  if (c.rope_theta <= 0) r.fail("rope_theta", "must be positive");
  c.token_dropout = r.boolean("token_dropout", false);
  c.emb_layer_norm_before = r.boolean("emb_layer_norm_before", false);
  c.mask_token_id = c.token_dropout ? r.integer("mask_token_id") : r.integer("mask_token_id", -1);
  c.type_vocab_size = 0;
  c.hidden_act = "gelu";  // HF ESM ignores hidden_act: its FFN is always erf-GELU (or NT v2's SiLU gate)
  if (r.has("add_bias_fnn")) {
    c.gated_ffn = true;
    c.add_bias_ffn = r.boolean("add_bias_fnn", true);
  }
}

// NT v2 (gated FFN) adds add_bias_fnn (InstaDeep's esm_config.py reads it).
void write_hf(const ModelConfig& c, nlohmann::json& j) {
  j["position_embedding_type"] = c.position_embedding_type;
  if (c.position_embedding_type == "rotary") j["rope_theta"] = c.rope_theta;
  j["token_dropout"] = c.token_dropout;
  j["emb_layer_norm_before"] = c.emb_layer_norm_before;
  j["mask_token_id"] = c.mask_token_id >= 0 ? nlohmann::json(c.mask_token_id) : nlohmann::json(nullptr);
  j["is_folding_model"] = false;
  j["tie_word_embeddings"] = false;
  if (c.gated_ffn) j["add_bias_fnn"] = c.add_bias_ffn;
}

std::int64_t ffn_in_width(const ModelConfig& m) {
  return m.gated_ffn ? 2 * std::int64_t(m.intermediate_size) : m.intermediate_size;
}

// EsmClassificationHead: dense H x H and out_proj H -> labels, with biases.
std::int64_t head_parameters(const ModelConfig& m) {
  const std::int64_t H = m.hidden_size, n = m.num_labels;
  return H * H + H + H * n + n;
}

//   V*H + P*H (also in rotary models: HF 4.x's unused table) + [emb_layer_norm_before] 2H
//   + layers * (4(H^2+H) + 2*2H + H*Fi + F*H + [add_bias_ffn] (Fi + H))   (FFN biases always without a gate)
//   + 2H (emb_layer_norm_after) + (layers*heads + 1) (contact head) + the head
std::int64_t parameter_count(const ModelConfig& m) {
  const std::int64_t V = m.vocab_size, H = m.hidden_size, F = m.intermediate_size, P = m.max_position_embeddings;
  const std::int64_t L = m.num_layers, Fi = ffn_in_width(m);
  std::int64_t n = V * H + P * H + (m.emb_layer_norm_before ? 2 * H : 0);
  n += L * (4 * (H * H + H) + 2 * 2 * H + H * Fi + F * H + (m.add_bias_ffn ? Fi + H : 0));
  n += 2 * H + (L * m.num_heads + 1);
  return n + head_parameters(m);
}

std::vector<LinearShape> layer_linears(const ModelConfig& m) {
  const std::int64_t H = m.hidden_size, F = m.intermediate_size;
  return {{"attention.self.query", H, H}, {"attention.self.key", H, H},      {"attention.self.value", H, H},
          {"attention.output.dense", H, H}, {"intermediate.dense", H, ffn_in_width(m)}, {"output.dense", F, H}};
}

// Pre-LN layer: LayerNorm(x) -> h read by q, k, v; q scaled (a new tensor), rotary q and k (v2: new tensors
// plus cos/sin tables); attention; x + dropout(dense(context)) = y -> LayerNorm -> intermediate -> gelu, or
// (v2) silu(first half) x second half (the silu keeps the whole 2F output alive through its view) -> output
// dense -> dropout + y.
std::int64_t layer_activation_bytes(const ModelConfig& c, const ActivationKernels& k) {
  namespace t = activation_terms;
  const std::int64_t L = k.tokens, n = L * c.hidden_size, m = L * c.intermediate_size, s = t::low(k);
  const bool rotary = c.position_embedding_type == "rotary";
  const std::int64_t ffn = c.gated_ffn ? 2 * m * s + m * s + (k.frozen_base ? 0 : m * s)  // in, silu, product
                                       : m * s + (k.frozen_base ? 0 : m * s);             // gelu in, out
  return t::layer_norm(k, n) + t::linear_inputs(k, n, 3)        // x; h for q, k, v
         + (rotary ? 4 * L * c.head_dim() * s : 0)              // cos, sin for q and k
         + t::attention(c, k, false) + t::dropout(k, n, s, c.hidden_dropout)
         + t::layer_norm(k, n) + t::linear_inputs(k, n, 1)      // y; its LayerNorm output for the FFN
         + ffn + t::dropout(k, n, s, c.hidden_dropout);
}

}  // namespace

const FamilySpec& esm_family() {
  static const FamilySpec spec = [] {
    FamilySpec s;
    s.name = "esm";
    s.summary = "Nucleotide Transformer v1/v2 (Hugging Face ESM)";
    s.hf_model_type = "esm";
    s.hf_architecture_prefix = "Esm";
    s.read_hf = read_hf;
    s.write_hf = write_hf;
    s.parameter_count = parameter_count;
    s.head_parameters = head_parameters;
    s.layer_linears = layer_linears;
    s.other_linears = [](const ModelConfig&) { return std::vector<LinearShape>{}; };
    s.ffn_in_width = ffn_in_width;
    s.layer_activation_bytes = layer_activation_bytes;
    // The study fine-tunes NT with LoRA at this lr (configs/study_base.toml's [recipes.esm.lora] sets the adapters).
    s.recipe_toml = R"(
[optimizer]
lr = 1e-4
weight_decay = 0.01
[lr_scheduler]
warmup_steps = 50
decay = "linear"
[training]
global_batch_size = 32
)";
    s.lora_target_modules = {"query", "key", "value", "dense"};
    // HF ESM numbers real tokens from pad_token_id + 1 (create_position_ids_from_input_ids), so a row has at most
    // max_position_embeddings - pad_token_id - 1 tokens (NT: 1000 of 1002, v2: 2048 of 2050). Rotary models (v2)
    // use no table, but their config gives the same number, what their tokenizer's model_max_length says.
    s.context_tokens = [](const ModelConfig& m) -> std::int64_t {
      return std::int64_t(m.max_position_embeddings) - std::max(0, m.pad_token_id) - 1;
    };
    return s;
  }();
  return spec;
}

}  // namespace lnc::config
