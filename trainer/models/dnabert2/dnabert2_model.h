#pragma once
// DNABERT-2 = the hub's bert_layers.py BertForSequenceClassification (zhihan1996/DNABERT-2-117M):
// word + token-type embeddings (no position embeddings) -> LayerNorm; post-LN blocks with a fused Wqkv projection,
// ALiBi bias -slope_h * |i - j| plus (1 - mask) * -10000 on the scores, and a gated-GELU MLP
// (gated_layers without bias -> gelu(first half) * second half -> wo -> layernorm(+ residual)); pooler tanh(dense(h[:, 0])).
// Upstream unpads the batch; we compute on the padded batch but zero q/k/v at padded positions exactly as its
// re-padding does, so attention probabilities (which upstream cannot return) match its internal tensor, and padded
// positions of every returned hidden state are exactly 0 as upstream's pad_input leaves them.
#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

// ALiBi slopes as bert_layers.py: geometric 2^(-8/n)^i for a power-of-two n, else the closest power of two's slopes
// followed by every other slope of twice that many heads. Computed in double, returned as float32 (torch.Tensor).
std::vector<double> alibi_slopes(int num_heads);

struct Dnabert2EmbeddingsImpl : torch::nn::Module {
  explicit Dnabert2EmbeddingsImpl(const ModelConfig& c);
  torch::nn::Embedding word_embeddings{nullptr}, token_type_embeddings{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(Dnabert2Embeddings);

struct Dnabert2SelfAttentionImpl : torch::nn::Module {
  explicit Dnabert2SelfAttentionImpl(const ModelConfig& c);
  torch::nn::Linear Wqkv{nullptr};  // [3*hidden, hidden]; output order (t, h, d): q heads, k heads, v heads
};
TORCH_MODULE(Dnabert2SelfAttention);

struct Dnabert2SelfOutputImpl : torch::nn::Module {
  explicit Dnabert2SelfOutputImpl(const ModelConfig& c);
  torch::nn::Linear dense{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(Dnabert2SelfOutput);

struct Dnabert2AttentionImpl : torch::nn::Module {
  explicit Dnabert2AttentionImpl(const ModelConfig& c);
  Dnabert2SelfAttention self{nullptr};
  Dnabert2SelfOutput output{nullptr};
};
TORCH_MODULE(Dnabert2Attention);

struct Dnabert2MlpImpl : torch::nn::Module {  // BertGatedLinearUnitMLP
  explicit Dnabert2MlpImpl(const ModelConfig& c);
  torch::nn::Linear gated_layers{nullptr}, wo{nullptr};
  torch::nn::LayerNorm layernorm{nullptr};
};
TORCH_MODULE(Dnabert2Mlp);

struct Dnabert2LayerImpl : torch::nn::Module {
  explicit Dnabert2LayerImpl(const ModelConfig& c);
  Dnabert2Attention attention{nullptr};
  Dnabert2Mlp mlp{nullptr};
};
TORCH_MODULE(Dnabert2Layer);

struct Dnabert2EncoderImpl : torch::nn::Module {
  explicit Dnabert2EncoderImpl(const ModelConfig& c);
  torch::nn::ModuleList layer;
};
TORCH_MODULE(Dnabert2Encoder);

struct Dnabert2PoolerImpl : torch::nn::Module {
  explicit Dnabert2PoolerImpl(const ModelConfig& c);
  torch::nn::Linear dense{nullptr};
};
TORCH_MODULE(Dnabert2Pooler);

struct Dnabert2ModelImpl : torch::nn::Module {
  explicit Dnabert2ModelImpl(const ModelConfig& c);
  Dnabert2Embeddings embeddings{nullptr};
  Dnabert2Encoder encoder{nullptr};
  Dnabert2Pooler pooler{nullptr};
};
TORCH_MODULE(Dnabert2Model);

class Dnabert2ForSequenceClassification : public SequenceClassifier {
 public:
  explicit Dnabert2ForSequenceClassification(ModelConfig config);
  ClassifierOutput forward(const torch::Tensor& input_ids, const torch::Tensor& attention_mask,
                           const ForwardOptions& options = {}) override;
  // DNABERT-2's masked-LM checkpoint has no pooler (add_pooling_layer=False): it is initialised with the head.
  std::vector<std::string> head_parameter_prefixes() const override { return {"bert.pooler.", "classifier."}; }

  // ALiBi part of the bias, [heads, L, L] float32 (upstream's `alibi` tensor, recomputed for any length).
  torch::Tensor alibi(int64_t length) const;

  Dnabert2Model bert{nullptr};
  torch::nn::Linear classifier{nullptr};
};

}  // namespace lnc::trainer
