#include "trainer/models/esm/esm_model.h"

#include <cmath>
#include <limits>

#include "trainer/models/attention.h"
#include "trainer/models/layers.h"
#include "trainer/models/weight_init.h"

namespace lnc::trainer {
namespace nn = torch::nn;

EsmEmbeddingsImpl::EsmEmbeddingsImpl(const ModelConfig& c) {
  word_embeddings = register_module(
      "word_embeddings", nn::Embedding(nn::EmbeddingOptions(c.vocab_size, c.hidden_size).padding_idx(c.pad_token_id)));
  if (c.emb_layer_norm_before) layer_norm = register_module("layer_norm", trainer::layer_norm(c.hidden_size, c.layer_norm_eps));
  // HF creates the position table for rotary models too (unused there, but in the state dict).
  position_embeddings = register_module(
      "position_embeddings",
      nn::Embedding(nn::EmbeddingOptions(c.max_position_embeddings, c.hidden_size).padding_idx(c.pad_token_id)));
}

RotaryEmbeddingImpl::RotaryEmbeddingImpl(int64_t head_dim, double base) {
  inv_freq = register_buffer("inv_freq", rotary_inv_freq(head_dim, base));
}

EsmSelfAttentionImpl::EsmSelfAttentionImpl(const ModelConfig& c) {
  query = register_module("query", linear(c.hidden_size, c.hidden_size));
  key = register_module("key", linear(c.hidden_size, c.hidden_size));
  value = register_module("value", linear(c.hidden_size, c.hidden_size));
  if (c.position_embedding_type == "rotary")
    rotary_embeddings = register_module("rotary_embeddings", RotaryEmbedding(c.head_dim(), c.rope_theta));
}

EsmDenseImpl::EsmDenseImpl(int in, int out, bool bias) { dense = register_module("dense", linear(in, out, bias)); }

EsmAttentionImpl::EsmAttentionImpl(const ModelConfig& c) {
  self = register_module("self", EsmSelfAttention(c));
  output = register_module("output", EsmDense(c.hidden_size, c.hidden_size, true));
  LayerNorm = register_module("LayerNorm", trainer::layer_norm(c.hidden_size, c.layer_norm_eps));
}

EsmLayerImpl::EsmLayerImpl(const ModelConfig& c) {
  attention = register_module("attention", EsmAttention(c));
  const int ffn_out = c.gated_ffn ? 2 * c.intermediate_size : c.intermediate_size;
  const bool bias = c.gated_ffn ? c.add_bias_ffn : true;
  intermediate = register_module("intermediate", EsmDense(c.hidden_size, ffn_out, bias));
  output = register_module("output", EsmDense(c.intermediate_size, c.hidden_size, bias));
  LayerNorm = register_module("LayerNorm", trainer::layer_norm(c.hidden_size, c.layer_norm_eps));
}

EsmEncoderImpl::EsmEncoderImpl(const ModelConfig& c) {
  layer = register_module("layer", nn::ModuleList());
  for (int i = 0; i < c.num_layers; ++i) layer->push_back(EsmLayer(c));
  emb_layer_norm_after = register_module("emb_layer_norm_after", trainer::layer_norm(c.hidden_size, c.layer_norm_eps));
}

EsmContactHeadImpl::EsmContactHeadImpl(const ModelConfig& c) {
  regression = register_module("regression", linear(c.num_layers * c.num_heads, 1));
}

EsmModelImpl::EsmModelImpl(const ModelConfig& c) {
  embeddings = register_module("embeddings", EsmEmbeddings(c));
  encoder = register_module("encoder", EsmEncoder(c));
  contact_head = register_module("contact_head", EsmContactHead(c));
}

EsmClassificationHeadImpl::EsmClassificationHeadImpl(const ModelConfig& c) {
  dense = register_module("dense", linear(c.hidden_size, c.hidden_size));
  out_proj = register_module("out_proj", linear(c.hidden_size, c.num_labels));
}

EsmForSequenceClassification::EsmForSequenceClassification(ModelConfig config) : SequenceClassifier(std::move(config)) {
  const auto& c = config_;
  if (c.hidden_size % c.num_heads != 0)
    throw std::invalid_argument("hidden_size must be a multiple of num_attention_heads");
  if (c.token_dropout && c.mask_token_id < 0) throw std::invalid_argument("token_dropout needs mask_token_id");
  esm = register_module("esm", EsmModel(c));
  classifier = register_module("classifier", EsmClassificationHead(c));
  init_hf_weights(*this);
  for (auto& p : esm->contact_head->parameters()) p.set_requires_grad(false);
}

std::vector<std::string> EsmForSequenceClassification::optional_parameter_prefixes() const {
  if (config_.position_embedding_type == "rotary") return {"esm.contact_head.", "esm.embeddings.position_embeddings."};
  return {"esm.contact_head."};
}

// HF EsmEmbeddings.forward, operation for operation (the order matters for float32 parity).
torch::Tensor EsmForSequenceClassification::embed(const torch::Tensor& input_ids, const torch::Tensor& attention_mask,
                                                  const torch::Tensor& words) {
  const auto& c = config_;
  auto& emb = esm->embeddings;
  auto x = words.defined() ? words : emb->word_embeddings(input_ids);
  if (c.token_dropout) {
    auto is_mask = (input_ids == c.mask_token_id);
    x = x.masked_fill(is_mask.unsqueeze(-1), 0.0);
    const double mask_ratio_train = 0.15 * 0.8;
    auto observed = is_mask.sum(-1).to(torch::kFloat32) / attention_mask.sum(-1);
    x = (x * (1 - mask_ratio_train) / (1 - observed).unsqueeze(-1).unsqueeze(-1)).to(x.scalar_type());
  }
  if (c.position_embedding_type == "absolute") {
    // create_position_ids_from_input_ids: real tokens count from padding_idx + 1, padding sits at padding_idx.
    auto not_pad = (input_ids != c.pad_token_id).to(torch::kInt64);
    auto positions = torch::cumsum(not_pad, 1) * not_pad + c.pad_token_id;
    // Positions are at most L + pad_token_id; only then is the exact (device-synchronising) check needed.
    if (input_ids.size(1) + c.pad_token_id >= c.max_position_embeddings &&
        positions.max().item<int64_t>() >= c.max_position_embeddings)
      throw std::invalid_argument("sequence of " + std::to_string(input_ids.size(1)) +
                                  " tokens exceeds max_position_embeddings " +
                                  std::to_string(c.max_position_embeddings) + " (positions start at pad_token_id + 1)");
    x = x + emb->position_embeddings(positions);
  }
  if (c.emb_layer_norm_before) x = emb->layer_norm(x);
  return (x * attention_mask.unsqueeze(-1)).to(x.scalar_type());
}

torch::Tensor EsmForSequenceClassification::feed_forward(EsmLayerImpl& layer, const torch::Tensor& x) {
  const auto& c = config_;
  auto h = layer.intermediate->dense(layer.LayerNorm(x));
  if (c.gated_ffn) {
    auto parts = h.chunk(2, -1);  // the first half is the gated one
    h = torch::silu(parts[0]) * parts[1];
  } else {
    h = torch::gelu(h);
  }
  return apply_dropout(layer.output->dense(h), c.hidden_dropout, is_training()) + x;
}

ClassifierOutput EsmForSequenceClassification::forward(const torch::Tensor& input_ids,
                                                       const torch::Tensor& attention_mask,
                                                       const ForwardOptions& options) {
  const auto& c = config_;
  const int64_t B = input_ids.size(0), L = input_ids.size(1), H = c.hidden_size, heads = c.num_heads;
  const int64_t d = c.head_dim();
  ClassifierOutput out;
  auto x = embed(input_ids, attention_mask, options.word_embeddings);

  const auto dtype = x.scalar_type();
  const double fill = dtype == torch::kFloat64 ? std::numeric_limits<double>::lowest()
                                               : static_cast<double>(std::numeric_limits<float>::lowest());
  auto bias = additive_padding_mask(attention_mask, dtype, fill);
  const bool rotary = c.position_embedding_type == "rotary";
  for (const auto& module : *esm->encoder->layer) {
    if (options.hidden_states) out.hidden_states.push_back(x);
    // Captures by value: with checkpointing the layer is re-run in backward, after this frame is gone.
    auto probabilities = std::make_shared<torch::Tensor>();
    const bool want_attentions = options.attentions;
    auto run_layer = [this, module, bias, B, L, H, heads, d, rotary, want_attentions,
                      probabilities](const torch::Tensor& input) {
      const auto& c = config_;
      auto& layer = *module->as<EsmLayerImpl>();
      auto split = [&](const torch::Tensor& t) { return t.view({B, L, heads, d}).transpose(1, 2); };
      auto& sa = layer.attention->self;
      auto h = layer.attention->LayerNorm(input);
      // HF scales q by head_dim^-0.5 before the rotary rotation and the product.
      auto q = split(sa->query(h)) * std::pow(static_cast<double>(d), -0.5);
      auto k = split(sa->key(h));
      if (rotary) {
        q = apply_rotary(q, sa->rotary_embeddings->inv_freq);
        k = apply_rotary(k, sa->rotary_embeddings->inv_freq);
      }
      auto r = scaled_dot_product(q, k, split(sa->value(h)), bias, 1.0, c.attention_dropout, is_training(),
                                  want_attentions);
      *probabilities = r.probabilities;
      auto context = r.context.transpose(1, 2).reshape({B, L, H});
      auto y = apply_dropout(layer.attention->output->dense(context), c.hidden_dropout, is_training()) + input;
      return feed_forward(layer, y);
    };
    x = apply_layer(run_layer, x, recompute_layers(activation_checkpointing_, is_training(), options));
    if (options.attentions) out.attentions.push_back(*probabilities);
  }
  x = esm->encoder->emb_layer_norm_after(x);
  if (options.hidden_states) out.hidden_states.push_back(x);
  out.last_hidden_state = x;
  auto& head = classifier;
  auto first = apply_dropout(x.select(1, 0), c.hidden_dropout, is_training());
  out.pooled = torch::tanh(head->dense(first));
  out.logits = classify_pooled(out.pooled);
  return out;
}

torch::Tensor EsmForSequenceClassification::classify_pooled(const torch::Tensor& pooled) {
  return classifier->out_proj(apply_dropout(pooled, config_.hidden_dropout, is_training()));
}

}  // namespace lnc::trainer
