#include "trainer/models/dnabert2/dnabert2_model.h"

#include <cmath>
#include <functional>

#include "trainer/models/attention.h"
#include "trainer/models/layers.h"
#include "trainer/models/weight_init.h"

namespace lnc::trainer {
namespace nn = torch::nn;

namespace {
std::vector<double> power_of_two_slopes(int n) {
  const double start = std::pow(2.0, -std::pow(2.0, -(std::log2(static_cast<double>(n)) - 3)));
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(start * std::pow(start, i));
  return out;
}
}  // namespace

std::vector<double> alibi_slopes(int num_heads) {
  const double log2n = std::log2(static_cast<double>(num_heads));
  if (log2n == std::floor(log2n)) return power_of_two_slopes(num_heads);
  const int closest = 1 << static_cast<int>(std::floor(log2n));
  auto slopes = power_of_two_slopes(closest);
  const auto doubled = alibi_slopes(2 * closest);
  for (int i = 0; i < num_heads - closest; ++i) slopes.push_back(doubled[2 * i]);
  return slopes;
}

Dnabert2EmbeddingsImpl::Dnabert2EmbeddingsImpl(const ModelConfig& c) {
  word_embeddings = register_module(
      "word_embeddings", nn::Embedding(nn::EmbeddingOptions(c.vocab_size, c.hidden_size).padding_idx(c.pad_token_id)));
  token_type_embeddings = register_module("token_type_embeddings", nn::Embedding(c.type_vocab_size, c.hidden_size));
  LayerNorm = register_module("LayerNorm", layer_norm(c.hidden_size, c.layer_norm_eps));
}

Dnabert2SelfAttentionImpl::Dnabert2SelfAttentionImpl(const ModelConfig& c) {
  Wqkv = register_module("Wqkv", linear(c.hidden_size, 3 * c.hidden_size));
}

Dnabert2SelfOutputImpl::Dnabert2SelfOutputImpl(const ModelConfig& c) {
  dense = register_module("dense", linear(c.hidden_size, c.hidden_size));
  LayerNorm = register_module("LayerNorm", layer_norm(c.hidden_size, c.layer_norm_eps));
}

Dnabert2AttentionImpl::Dnabert2AttentionImpl(const ModelConfig& c) {
  self = register_module("self", Dnabert2SelfAttention(c));
  output = register_module("output", Dnabert2SelfOutput(c));
}

Dnabert2MlpImpl::Dnabert2MlpImpl(const ModelConfig& c) {
  gated_layers = register_module("gated_layers", linear(c.hidden_size, 2 * c.intermediate_size, /*bias=*/false));
  wo = register_module("wo", linear(c.intermediate_size, c.hidden_size));
  layernorm = register_module("layernorm", layer_norm(c.hidden_size, c.layer_norm_eps));
}

Dnabert2LayerImpl::Dnabert2LayerImpl(const ModelConfig& c) {
  attention = register_module("attention", Dnabert2Attention(c));
  mlp = register_module("mlp", Dnabert2Mlp(c));
}

Dnabert2EncoderImpl::Dnabert2EncoderImpl(const ModelConfig& c) {
  layer = register_module("layer", nn::ModuleList());
  for (int i = 0; i < c.num_layers; ++i) layer->push_back(Dnabert2Layer(c));
}

Dnabert2PoolerImpl::Dnabert2PoolerImpl(const ModelConfig& c) {
  dense = register_module("dense", linear(c.hidden_size, c.hidden_size));
}

Dnabert2ModelImpl::Dnabert2ModelImpl(const ModelConfig& c) {
  embeddings = register_module("embeddings", Dnabert2Embeddings(c));
  encoder = register_module("encoder", Dnabert2Encoder(c));
  pooler = register_module("pooler", Dnabert2Pooler(c));
}

Dnabert2ForSequenceClassification::Dnabert2ForSequenceClassification(ModelConfig config)
    : SequenceClassifier(std::move(config)) {
  const auto& c = config_;
  if (c.hidden_size % c.num_heads != 0)
    throw std::invalid_argument("hidden_size must be a multiple of num_attention_heads");
  bert = register_module("bert", Dnabert2Model(c));
  classifier = register_module("classifier", linear(c.hidden_size, c.num_labels));
  init_hf_weights(*this);
}

torch::Tensor Dnabert2ForSequenceClassification::alibi(int64_t length) const {
  const auto slopes = alibi_slopes(config_.num_heads);
  auto slope = torch::tensor(std::vector<float>(slopes.begin(), slopes.end()), torch::kFloat32);
  auto pos = torch::arange(length, torch::kInt64);
  auto relative = (pos.unsqueeze(0) - pos.unsqueeze(1)).abs();  // |j - i|, symmetric
  return slope.view({-1, 1, 1}) * -relative.unsqueeze(0);
}

Dnabert2ForSequenceClassification::LayerAttention Dnabert2ForSequenceClassification::padded_attention(
    const torch::Tensor& attention_mask, torch::ScalarType dtype, int64_t B, int64_t L, bool probabilities,
    ClassifierOutput& out) {
  const auto& c = config_;
  const int64_t heads = c.num_heads, d = c.head_dim();
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  // Upstream: extended mask (1 - m) * -10000 in the parameters' dtype, plus the float32 ALiBi tensor.
  auto keep = attention_mask.to(dtype).unsqueeze(-1);
  auto bias = additive_padding_mask(attention_mask, dtype, -10000.0) +
              alibi(L).to(attention_mask.device()).unsqueeze(0);
  return [=, &out](Dnabert2LayerImpl& layer, const torch::Tensor& x) {
    // Zero q/k/v of padded tokens, as upstream's pad_input re-pads the unpadded qkv with zeros.
    auto qkv = (layer.attention->self->Wqkv(x) * keep).view({B, L, 3, heads, d});
    auto part = [&](int t) { return qkv.select(2, t).permute({0, 2, 1, 3}); };  // [B, heads, L, d]
    auto r = scaled_dot_product(part(0), part(1), part(2), bias, scale, c.attention_dropout,
                                is_training(), probabilities);
    if (probabilities) out.attentions.push_back(r.probabilities);
    return r.context.transpose(1, 2).reshape({B, L, heads * d});
  };
}

torch::Tensor Dnabert2ForSequenceClassification::encode(torch::Tensor x, const LayerAttention& attend,
                                                         const std::function<torch::Tensor(const torch::Tensor&)>& padded,
                                                         bool hidden_states, bool recompute, ClassifierOutput& out) {
  const int64_t I = config_.intermediate_size;
  if (hidden_states) out.hidden_states.push_back(padded(x));
  for (const auto& module : *bert->encoder->layer) {
    // Captures by value: with checkpointing the layer is re-run in backward, after this frame is gone.
    auto run_layer = [this, module, attend, I](const torch::Tensor& input) {
      const auto& c = config_;
      auto& layer = *module->as<Dnabert2LayerImpl>();
      auto context = attend(layer, input);
      auto& so = layer.attention->output;
      auto y = so->LayerNorm(apply_dropout(so->dense(context), c.hidden_dropout, is_training()) + input);
      auto& mlp = layer.mlp;
      auto h = mlp->gated_layers(y);
      h = torch::gelu(h.narrow(-1, 0, I)) * h.narrow(-1, I, I);
      h = mlp->wo(apply_dropout(h, c.hidden_dropout, is_training()));
      return mlp->layernorm(h + y);
    };
    x = apply_layer(run_layer, x, recompute);
    if (hidden_states) out.hidden_states.push_back(padded(x));
  }
  return padded(x);
}

ClassifierOutput Dnabert2ForSequenceClassification::forward(const torch::Tensor& input_ids,
                                                            const torch::Tensor& attention_mask,
                                                            const ForwardOptions& options) {
  const auto& c = config_;
  const int64_t B = input_ids.size(0), L = input_ids.size(1);
  ClassifierOutput out;
  auto& emb = bert->embeddings;
  // words: the given word embeddings in the layout of ids (padded or packed), or undefined for the lookup.
  auto embed = [&](const torch::Tensor& ids, const torch::Tensor& words) {
    auto x = (words.defined() ? words : emb->word_embeddings(ids)) + emb->token_type_embeddings(torch::zeros_like(ids));
    return apply_dropout(emb->LayerNorm(x), c.hidden_dropout, is_training());
  };
  const auto rows = PackedRows::from(attention_mask, options.row_lengths);  // no device read with lengths
  const auto path = choose_padding_path(padding_path_, rows, options.attentions);
  // Activation checkpointing: each layer re-run in backward (never while attentions or states are collected).
  const bool recompute = recompute_layers(activation_checkpointing_, is_training(), options);
  if (path == PaddingPath::padded) {
    // Padded positions are computed but never reach a real token (their q/k/v are zeroed) and are zeroed on output,
    // as upstream's pad_input leaves them.
    auto x = embed(input_ids, options.word_embeddings);
    auto keep = attention_mask.to(x.scalar_type()).unsqueeze(-1);
    out.last_hidden_state = encode(x, padded_attention(attention_mask, x.scalar_type(), B, L, options.attentions, out),
                                   [&](const torch::Tensor& h) { return h * keep; }, options.hidden_states, recompute, out);
  } else {
    // Upstream's unpadded path: padding removed once, every per-token op on [T, H], attention on packed rows.
    const double scale = 1.0 / std::sqrt(static_cast<double>(c.head_dim()));
    const auto position_bias = alibi(L).to(input_ids.device());
    // By value: a checkpointed layer calls this again in backward.
    LayerAttention attend = [this, rows, position_bias, scale, path](Dnabert2LayerImpl& layer, const torch::Tensor& x) {
      const auto& c = config_;
      auto qkv = layer.attention->self->Wqkv(x).view({rows.total, 3, c.num_heads, c.head_dim()});
      return packed_self_attention(qkv, rows, position_bias, scale, c.attention_dropout, is_training(), path);
    };
    out.last_hidden_state = encode(embed(rows.unpad(input_ids),
                                         options.word_embeddings.defined() ? rows.unpad(options.word_embeddings)
                                                                           : torch::Tensor()),
                                   attend,
                                   [&](const torch::Tensor& h) { return rows.pad(h); }, options.hidden_states, recompute, out);
  }
  out.pooled = torch::tanh(bert->pooler->dense(out.last_hidden_state.select(1, 0)));
  out.logits = classify_pooled(out.pooled);
  return out;
}

torch::Tensor Dnabert2ForSequenceClassification::classify_pooled(const torch::Tensor& pooled) {
  return classifier(apply_dropout(pooled, classifier_dropout(config_), is_training()));
}

}  // namespace lnc::trainer
