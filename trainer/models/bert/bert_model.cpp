#include "trainer/models/bert/bert_model.h"

#include <cmath>
#include <limits>

#include "trainer/models/attention.h"
#include "trainer/models/layers.h"
#include "trainer/models/weight_init.h"

namespace lnc::trainer {
namespace nn = torch::nn;

BertSelfAttentionImpl::BertSelfAttentionImpl(const ModelConfig& c) {
  query = register_module("query", linear(c.hidden_size, c.hidden_size));
  key = register_module("key", linear(c.hidden_size, c.hidden_size));
  value = register_module("value", linear(c.hidden_size, c.hidden_size));
}

BertDenseNormImpl::BertDenseNormImpl(int in, int out, double eps) {
  dense = register_module("dense", linear(in, out));
  LayerNorm = register_module("LayerNorm", layer_norm(out, eps));
}

BertAttentionImpl::BertAttentionImpl(const ModelConfig& c) {
  self = register_module("self", BertSelfAttention(c));
  output = register_module("output", BertDenseNorm(c.hidden_size, c.hidden_size, c.layer_norm_eps));
}

BertIntermediateImpl::BertIntermediateImpl(const ModelConfig& c) {
  dense = register_module("dense", linear(c.hidden_size, c.intermediate_size));
}

BertLayerImpl::BertLayerImpl(const ModelConfig& c) {
  attention = register_module("attention", BertAttention(c));
  intermediate = register_module("intermediate", BertIntermediate(c));
  output = register_module("output", BertDenseNorm(c.intermediate_size, c.hidden_size, c.layer_norm_eps));
}

BertEmbeddingsImpl::BertEmbeddingsImpl(const ModelConfig& c) {
  word_embeddings = register_module(
      "word_embeddings", nn::Embedding(nn::EmbeddingOptions(c.vocab_size, c.hidden_size).padding_idx(c.pad_token_id)));
  position_embeddings =
      register_module("position_embeddings", nn::Embedding(c.max_position_embeddings, c.hidden_size));
  token_type_embeddings = register_module("token_type_embeddings", nn::Embedding(c.type_vocab_size, c.hidden_size));
  LayerNorm = register_module("LayerNorm", layer_norm(c.hidden_size, c.layer_norm_eps));
}

BertEncoderImpl::BertEncoderImpl(const ModelConfig& c) {
  layer = register_module("layer", nn::ModuleList());
  for (int i = 0; i < c.num_layers; ++i) layer->push_back(BertLayer(c));
}

BertPoolerImpl::BertPoolerImpl(const ModelConfig& c) {
  dense = register_module("dense", linear(c.hidden_size, c.hidden_size));
}

BertModelImpl::BertModelImpl(const ModelConfig& c) {
  embeddings = register_module("embeddings", BertEmbeddings(c));
  encoder = register_module("encoder", BertEncoder(c));
  pooler = register_module("pooler", BertPooler(c));
}

BertForSequenceClassification::BertForSequenceClassification(ModelConfig config)
    : SequenceClassifier(std::move(config)) {
  const auto& c = config_;
  if (c.hidden_size % c.num_heads != 0)
    throw std::invalid_argument("hidden_size must be a multiple of num_attention_heads");
  bert = register_module("bert", BertModel(c));
  classifier = register_module("classifier", linear(c.hidden_size, c.num_labels));
  init_hf_weights(*this);  // HF BertPreTrainedModel._init_weights
}

ClassifierOutput BertForSequenceClassification::forward(const torch::Tensor& input_ids,
                                                        const torch::Tensor& attention_mask,
                                                        const ForwardOptions& options) {
  const auto& c = config_;
  const int64_t B = input_ids.size(0), L = input_ids.size(1), H = c.hidden_size, heads = c.num_heads;
  const int64_t d = c.head_dim();
  if (L > c.max_position_embeddings)
    throw std::invalid_argument("sequence of " + std::to_string(L) + " tokens exceeds max_position_embeddings " +
                                std::to_string(c.max_position_embeddings));
  ClassifierOutput out;
  auto& emb = bert->embeddings;
  auto positions = torch::arange(L, input_ids.options()).unsqueeze(0);
  auto words = options.word_embeddings.defined() ? options.word_embeddings : emb->word_embeddings(input_ids);
  auto x = words + emb->position_embeddings(positions) +
           emb->token_type_embeddings(torch::zeros_like(input_ids));
  x = apply_dropout(emb->LayerNorm(x), c.hidden_dropout, is_training());
  if (options.hidden_states) out.hidden_states.push_back(x);

  const double fill = std::numeric_limits<float>::lowest();
  auto bias = additive_padding_mask(attention_mask, x.scalar_type(), fill);
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  for (const auto& module : *bert->encoder->layer) {
    // Captures by value: with checkpointing the layer is re-run in backward, after this frame is gone.
    auto probabilities = std::make_shared<torch::Tensor>();
    const bool want_attentions = options.attentions;
    auto run_layer = [this, module, bias, B, L, H, heads, d, scale, want_attentions,
                      probabilities](const torch::Tensor& input) {
      const auto& c = config_;
      auto& layer = *module->as<BertLayerImpl>();
      auto& sa = layer.attention->self;
      auto split = [&](const torch::Tensor& t) { return t.view({B, L, heads, d}).transpose(1, 2); };
      auto r = scaled_dot_product(split(sa->query(input)), split(sa->key(input)), split(sa->value(input)), bias,
                                  scale, c.attention_dropout, is_training(), want_attentions);
      *probabilities = r.probabilities;
      auto context = r.context.transpose(1, 2).reshape({B, L, H});
      auto& ao = layer.attention->output;
      auto y = ao->LayerNorm(apply_dropout(ao->dense(context), c.hidden_dropout, is_training()) + input);
      auto inter = torch::gelu(layer.intermediate->dense(y));
      auto& lo = layer.output;
      return lo->LayerNorm(apply_dropout(lo->dense(inter), c.hidden_dropout, is_training()) + y);
    };
    x = apply_layer(run_layer, x, recompute_layers(activation_checkpointing_, is_training(), options));
    if (options.attentions) out.attentions.push_back(*probabilities);
    if (options.hidden_states) out.hidden_states.push_back(x);
  }
  out.last_hidden_state = x;
  out.pooled = torch::tanh(bert->pooler->dense(x.select(1, 0)));
  out.logits = classify_pooled(out.pooled);
  return out;
}

torch::Tensor BertForSequenceClassification::classify_pooled(const torch::Tensor& pooled) {
  return classifier(apply_dropout(pooled, classifier_dropout(config_), is_training()));
}

}  // namespace lnc::trainer
