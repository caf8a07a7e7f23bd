#pragma once
// DNABERT-2 = the hub's bert_layers.py BertForSequenceClassification (zhihan1996/DNABERT-2-117M):
// word + token-type embeddings (no position embeddings) -> LayerNorm; post-LN blocks with a fused Wqkv projection,
// ALiBi bias -slope_h * |i - j| plus (1 - mask) * -10000 on the scores, and a gated-GELU MLP
// (gated_layers without bias -> gelu(first half) * second half -> wo -> layernorm(+ residual)); pooler tanh(dense(h[:, 0])).
// Two ways to compute a batch with padding, giving the same numbers (tests/unit/dnabert2_unpadded_test.cpp):
//  - unpadded (default when the batch has padding, chosen by choose_padding_path in trainer/models/attention.h):
//    as upstream, padding removed once after the embeddings (only real token ids are embedded); Wqkv, the attention
//    output projection, the LayerNorms and the gated MLP run on the packed [total_tokens, hidden] tensor; attention
//    per row or on re-padded qkv (packed_self_attention); hidden states re-padded with zeros on output. The
//    packed layout comes from ForwardOptions::row_lengths when the caller has them on the host (the loader's
//    batches: no device read), else from the attention mask read back.
//  - padded (no padding, or attention probabilities requested, which upstream cannot return): every position is
//    computed but q/k/v are zeroed at padded positions exactly as upstream's re-padding does, so the probabilities
//    match its internal tensor; padded positions of every returned hidden state are exactly 0 as pad_input leaves them.
#include <functional>

#include "trainer/lora/lora_linear.h"
#include "trainer/models/packed_rows.h"
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
  AdaptableLinear Wqkv{nullptr};  // [3*hidden, hidden]; output order (t, h, d): q heads, k heads, v heads
};
TORCH_MODULE(Dnabert2SelfAttention);

struct Dnabert2SelfOutputImpl : torch::nn::Module {
  explicit Dnabert2SelfOutputImpl(const ModelConfig& c);
  AdaptableLinear dense{nullptr};
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
  AdaptableLinear gated_layers{nullptr}, wo{nullptr};
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
  AdaptableLinear dense{nullptr};
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
  torch::Tensor classify_pooled(const torch::Tensor& pooled) override;
  // DNABERT-2's masked-LM checkpoint has no pooler (add_pooling_layer=False): it is initialised with the head.
  std::vector<std::string> head_parameter_prefixes() const override { return {"bert.pooler.", "classifier."}; }

  void set_padding_path(PaddingPath path) override { padding_path_ = path; }

  // ALiBi part of the bias, [heads, L, L] float32 (upstream's `alibi` tensor, recomputed for any length).
  torch::Tensor alibi(int64_t length) const;

  Dnabert2Model bert{nullptr};
  AdaptableLinear classifier{nullptr};

 private:
  PaddingPath padding_path_ = PaddingPath::automatic;
  // One layer's attention: hidden states in (padded [B, L, H] or packed [T, H]), context of the same shape out.
  using LayerAttention = std::function<torch::Tensor(Dnabert2LayerImpl&, const torch::Tensor&)>;
  LayerAttention padded_attention(const torch::Tensor& attention_mask, torch::ScalarType dtype, int64_t B, int64_t L,
                                  bool probabilities, ClassifierOutput& out);
  // The encoder stack on x (either layout); `padded` turns a state into [B, L, H] with zeros at padding;
  // `recompute`: each layer checkpointed (re-run in backward), so `attend` must not capture the caller's frame.
  torch::Tensor encode(torch::Tensor x, const LayerAttention& attend,
                       const std::function<torch::Tensor(const torch::Tensor&)>& padded, bool hidden_states,
                       bool recompute, ClassifierOutput& out);
};

}  // namespace lnc::trainer
