#include "trainer/models/dnabert2/dnabert2_model.h"

#include <cmath>

#include "trainer/components/activation_checkpoint.h"
#include "trainer/models/attention.h"
#include "trainer/models/weight_init.h"

namespace lnc::trainer {
namespace nn = torch::nn;

namespace {
nn::LayerNorm make_layer_norm(int h, double eps) { return nn::LayerNorm(nn::LayerNormOptions({h}).eps(eps)); }
AdaptableLinear linear(int in, int out, bool bias = true) { return adaptable_linear(in, out, bias); }
double classifier_dropout(const ModelConfig& c) {
  return c.classifier_dropout >= 0 ? c.classifier_dropout : c.hidden_dropout;
}

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
  LayerNorm = register_module("LayerNorm", make_layer_norm(c.hidden_size, c.layer_norm_eps));
}

Dnabert2SelfAttentionImpl::Dnabert2SelfAttentionImpl(const ModelConfig& c) {
  Wqkv = register_module("Wqkv", linear(c.hidden_size, 3 * c.hidden_size));
}

Dnabert2SelfOutputImpl::Dnabert2SelfOutputImpl(const ModelConfig& c) {
  dense = register_module("dense", linear(c.hidden_size, c.hidden_size));
  LayerNorm = register_module("LayerNorm", make_layer_norm(c.hidden_size, c.layer_norm_eps));
}

Dnabert2AttentionImpl::Dnabert2AttentionImpl(const ModelConfig& c) {
  self = register_module("self", Dnabert2SelfAttention(c));
  output = register_module("output", Dnabert2SelfOutput(c));
}

Dnabert2MlpImpl::Dnabert2MlpImpl(const ModelConfig& c) {
  gated_layers = register_module("gated_layers", linear(c.hidden_size, 2 * c.intermediate_size, /*bias=*/false));
  wo = register_module("wo", linear(c.intermediate_size, c.hidden_size));
  layernorm = register_module("layernorm", make_layer_norm(c.hidden_size, c.layer_norm_eps));
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

ClassifierOutput Dnabert2ForSequenceClassification::forward(const torch::Tensor& input_ids,
                                                            const torch::Tensor& attention_mask,
                                                            const ForwardOptions& options) {
  const auto& c = config_;
  const int64_t B = input_ids.size(0), L = input_ids.size(1), H = c.hidden_size, heads = c.num_heads;
  const int64_t d = c.head_dim(), I = c.intermediate_size;
  ClassifierOutput out;
  auto& emb = bert->embeddings;
  auto x = emb->word_embeddings(input_ids) + emb->token_type_embeddings(torch::zeros_like(input_ids));
  x = torch::dropout(emb->LayerNorm(x), c.hidden_dropout, is_training());

  const auto dtype = x.scalar_type();
  auto keep = attention_mask.to(dtype).unsqueeze(-1);  // [B, L, 1]: 0 where upstream has no row at all
  if (options.hidden_states) out.hidden_states.push_back(x * keep);
  // Upstream: extended mask (1 - m) * -10000 in the parameters' dtype, plus the float32 ALiBi tensor.
  auto bias = additive_padding_mask(attention_mask, dtype, -10000.0) + alibi(L).to(x.device()).unsqueeze(0);
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  for (const auto& module : *bert->encoder->layer) {
    // Captures by value: with checkpointing the layer is re-run in backward, after this frame is gone.
    auto probabilities = std::make_shared<torch::Tensor>();
    const bool want_attentions = options.attentions;
    auto run_layer = [this, module, keep, bias, B, L, H, heads, d, I, scale, want_attentions,
                      probabilities](const torch::Tensor& input) {
      const auto& c = config_;
      auto& layer = *module->as<Dnabert2LayerImpl>();
      // Zero q/k/v of padded tokens, as upstream's pad_input re-pads the unpadded qkv with zeros.
      auto qkv = (layer.attention->self->Wqkv(input) * keep).view({B, L, 3, heads, d});
      auto part = [&](int t) { return qkv.select(2, t).permute({0, 2, 1, 3}); };  // [B, heads, L, d]
      auto r = scaled_dot_product(part(0), part(1), part(2), bias, scale, c.attention_dropout, is_training(),
                                  want_attentions);
      *probabilities = r.probabilities;
      auto context = r.context.transpose(1, 2).reshape({B, L, H});
      auto& so = layer.attention->output;
      auto y = so->LayerNorm(torch::dropout(so->dense(context), c.hidden_dropout, is_training()) + input);
      auto& mlp = layer.mlp;
      auto h = mlp->gated_layers(y);
      h = torch::gelu(h.narrow(-1, 0, I)) * h.narrow(-1, I, I);
      h = mlp->wo(torch::dropout(h, c.hidden_dropout, is_training()));
      return mlp->layernorm(h + y);
    };
    const bool recompute = activation_checkpointing_ && is_training() && torch::GradMode::is_enabled() &&
                           !options.attentions && !options.hidden_states;
    x = recompute ? checkpointed(run_layer, x) : run_layer(x);
    if (options.attentions) out.attentions.push_back(*probabilities);
    if (options.hidden_states) out.hidden_states.push_back(x * keep);
  }
  out.last_hidden_state = x * keep;
  out.pooled = torch::tanh(bert->pooler->dense(out.last_hidden_state.select(1, 0)));
  out.logits = classifier(torch::dropout(out.pooled, classifier_dropout(c), is_training()));
  return out;
}

}  // namespace lnc::trainer
