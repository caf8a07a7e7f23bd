// dnabert2: DNABERT-2 = the hub's bert_layers.py BertForSequenceClassification (zhihan1996/DNABERT-2-117M), loaded
// by transformers through remote code (trainer/models/dnabert2/).
#include <nlohmann/json.hpp>

#include "config/families/activation_terms.h"
#include "config/families/bert_style.h"
#include "config/hf_config_reader.h"

namespace lnc::config {
namespace {

// model_type "bert" with DNABERT-2's remote code: an auto_map entry naming bert_layers.*, or an
// alibi_starting_size key (the hub repo ships both).
bool claims(const nlohmann::json& json) {
  if (json.contains("alibi_starting_size") && !json["alibi_starting_size"].is_null()) return true;
  if (!json.contains("auto_map") || !json["auto_map"].is_object()) return false;
  for (const auto& target : json["auto_map"])
    if (target.is_string() && target.get<std::string>().find("bert_layers.") != std::string::npos) return true;
  return false;
}

void read_hf(const HfConfigReader& r, ModelConfig& c) {
  bert_style::read_hf(r, c);
  c.max_position_embeddings = r.integer("max_position_embeddings", 512);
  c.alibi_starting_size = r.integer("alibi_starting_size", 512);
  if (c.alibi_starting_size <= 0) r.fail("alibi_starting_size", "must be positive");
}

// dnabert2 adds the alibi size and DNABERT-2's auto_map (bert_layers.py from the hub repo must sit beside
// config.json for transformers to run it).
void write_hf(const ModelConfig& c, nlohmann::json& j) {
  bert_style::write_hf(c, j);
  j["alibi_starting_size"] = c.alibi_starting_size;
  j["auto_map"] = {{"AutoConfig", "configuration_bert.BertConfig"},
                   {"AutoModel", "bert_layers.BertModel"},
                   {"AutoModelForMaskedLM", "bert_layers.BertForMaskedLM"},
                   {"AutoModelForSequenceClassification", "bert_layers.BertForSequenceClassification"}};
}

// word + token-type embeddings (no position table: ALiBi), LayerNorm; per layer the fused Wqkv (H -> 3H) and the
// attention output with biases, its LayerNorm, the gated MLP H -> 2F without bias, wo F -> H with bias and its
// LayerNorm; the pooler and the head.
std::int64_t parameter_count(const ModelConfig& m) {
  const std::int64_t V = m.vocab_size, H = m.hidden_size, F = m.intermediate_size;
  std::int64_t n = V * H + m.type_vocab_size * H + 2 * H;
  n += m.num_layers * (3 * H * H + 3 * H + H * H + H + 2 * H + 2 * H * F + F * H + H + 2 * H);
  return n + bert_style::pooler_parameters(m) + bert_style::head_parameters(m);
}

std::vector<LinearShape> layer_linears(const ModelConfig& m) {
  const std::int64_t H = m.hidden_size, F = m.intermediate_size;
  return {{"attention.self.Wqkv", H, 3 * H}, {"attention.output.dense", H, H}, {"mlp.gated_layers", H, 2 * F},
          {"mlp.wo", F, H}};
}

// Post-LN layer: Wqkv(x) x padding keep = qkv [L, 3H] (q, k, v are views of it; the fp32 keep promotes it to
// fp32 under autocast too); attention; dropout(dense) + x -> LayerNorm -> y; gated_layers(y) [L, 2F] (the gelu's
// view keeps it whole), gelu(first) x second -> dropout -> wo -> + y -> LayerNorm. The unpadded path computes the
// same per real token without the keep (its qkv stays bf16 under autocast; the plan counts every row full, and
// the padded path's fp32 qkv: an upper bound).
std::int64_t layer_activation_bytes(const ModelConfig& c, const ActivationKernels& k) {
  namespace t = activation_terms;
  const std::int64_t L = k.tokens, n = L * c.hidden_size, m = L * c.intermediate_size, s = t::low(k);
  // CPU: SDPA takes the fp32 views (CPU autocast leaves SDPA alone), so qkv stays alive whole and attention runs
  // in fp32. CUDA bf16: autocast casts q, k, v to bf16 copies (SDPA keeps those) and the fp32 qkv is freed.
  std::int64_t attention = 0;
  if (!k.cuda) {
    ActivationKernels fp32 = k;
    fp32.bf16 = false;
    attention = 12 * n + t::attention(c, fp32, true);
  } else {
    attention = k.bf16 ? t::attention(c, k, false) : 12 * n + t::attention(c, k, true);
  }
  const std::int64_t ffn_out = c.hidden_dropout > 0 ? t::dropout(k, m, s, c.hidden_dropout) : 0;
  return t::linear_inputs(k, n, 1) + attention + t::dropout(k, n, s, c.hidden_dropout) + t::layer_norm(k, n) +
         t::linear_inputs(k, n, 1)
         + 2 * m * s + m * s                                    // gated_layers output; gelu output
         + ffn_out + (k.frozen_base ? 0 : m * s)                // dropout mask; wo's input
         + t::layer_norm(k, n);
}

}  // namespace

const FamilySpec& dnabert2_family() {
  static const FamilySpec spec = [] {
    FamilySpec s;
    s.name = "dnabert2";
    s.summary = "DNABERT-2 (ALiBi, gated MLP, unpadded attention)";
    s.hf_model_type = "bert";
    s.hf_architecture_prefix = "Bert";
    s.hf_claims = claims;
    s.read_hf = read_hf;
    s.write_hf = write_hf;
    s.parameter_count = parameter_count;
    s.head_parameters = bert_style::head_parameters;
    s.layer_linears = layer_linears;
    s.other_linears = bert_style::pooler_linears;
    s.ffn_in_width = [](const ModelConfig& m) -> std::int64_t { return 2 * std::int64_t(m.intermediate_size); };
    s.layer_activation_bytes = layer_activation_bytes;
    s.recipe_toml = bert_style::kRecipe;
    // The projections the bert recipe's query/key/value/dense adapt, under DNABERT-2's names.
    s.lora_target_modules = {"Wqkv", "dense", "gated_layers", "wo"};
    s.drops_padding = true;
    s.pad_token_id_is_tokens_pad = false;  // configures pad_token_id 0, its tokenizer pads with 3
    // ALiBi has no position table and would extrapolate, but the config's max_position_embeddings is the length
    // the checkpoint is configured for (upstream's tokenizer truncates there too): lnctrain holds DNABERT-2 to it
    // like the other families (README Decisions).
    s.context_tokens = [](const ModelConfig& m) -> std::int64_t { return m.max_position_embeddings; };
    return s;
  }();
  return spec;
}

}  // namespace lnc::config
