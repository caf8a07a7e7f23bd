#pragma once
// Nucleotide Transformer = Hugging Face EsmForSequenceClassification.
//   v1: absolute learned positions numbered from padding_idx + 1 (cumsum over non-pad tokens), optional
//       token_dropout (<mask> embeddings zeroed, rows rescaled by 0.88 / (1 - mask ratio), in eval too),
//       embeddings multiplied by the attention mask, pre-LayerNorm blocks, erf-GELU FFN, emb_layer_norm_after.
//   v2: rotary positions (HF RotaryEmbedding, inv_freq a saved buffer) and InstaDeep's gated FFN
//       silu(x1) * x2 with Linear(h, 2*ffn) / Linear(ffn, h), biases per add_bias_fnn (false for NT v2).
// Head (EsmClassificationHead): out_proj(tanh(dense(h[:, 0]))). Module names are the HF state-dict names;
// esm.contact_head.regression exists in every HF EsmModel (unused for classification, kept for name parity and
// frozen because no loss reaches it).
#include "trainer/lora/lora_linear.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

struct EsmEmbeddingsImpl : torch::nn::Module {
  explicit EsmEmbeddingsImpl(const ModelConfig& c);
  torch::nn::Embedding word_embeddings{nullptr}, position_embeddings{nullptr};
  torch::nn::LayerNorm layer_norm{nullptr};  // only with emb_layer_norm_before
};
TORCH_MODULE(EsmEmbeddings);

struct RotaryEmbeddingImpl : torch::nn::Module {
  RotaryEmbeddingImpl(int64_t head_dim, double base);
  torch::Tensor inv_freq;  // persistent buffer, as in HF
};
TORCH_MODULE(RotaryEmbedding);

struct EsmSelfAttentionImpl : torch::nn::Module {
  explicit EsmSelfAttentionImpl(const ModelConfig& c);
  AdaptableLinear query{nullptr}, key{nullptr}, value{nullptr};
  RotaryEmbedding rotary_embeddings{nullptr};  // only with position_embedding_type "rotary"
};
TORCH_MODULE(EsmSelfAttention);

struct EsmDenseImpl : torch::nn::Module {  // HF EsmSelfOutput / EsmIntermediate / EsmOutput: a single `dense`
  EsmDenseImpl(int in, int out, bool bias);
  AdaptableLinear dense{nullptr};
};
TORCH_MODULE(EsmDense);

struct EsmAttentionImpl : torch::nn::Module {
  explicit EsmAttentionImpl(const ModelConfig& c);
  EsmSelfAttention self{nullptr};
  EsmDense output{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};  // pre-attention LayerNorm
};
TORCH_MODULE(EsmAttention);

struct EsmLayerImpl : torch::nn::Module {
  explicit EsmLayerImpl(const ModelConfig& c);
  EsmAttention attention{nullptr};
  EsmDense intermediate{nullptr}, output{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};  // pre-FFN LayerNorm
};
TORCH_MODULE(EsmLayer);

struct EsmEncoderImpl : torch::nn::Module {
  explicit EsmEncoderImpl(const ModelConfig& c);
  torch::nn::ModuleList layer;
  torch::nn::LayerNorm emb_layer_norm_after{nullptr};
};
TORCH_MODULE(EsmEncoder);

struct EsmContactHeadImpl : torch::nn::Module {
  explicit EsmContactHeadImpl(const ModelConfig& c);
  AdaptableLinear regression{nullptr};
};
TORCH_MODULE(EsmContactHead);

struct EsmModelImpl : torch::nn::Module {
  explicit EsmModelImpl(const ModelConfig& c);
  EsmEmbeddings embeddings{nullptr};
  EsmEncoder encoder{nullptr};
  EsmContactHead contact_head{nullptr};
};
TORCH_MODULE(EsmModel);

struct EsmClassificationHeadImpl : torch::nn::Module {
  explicit EsmClassificationHeadImpl(const ModelConfig& c);
  AdaptableLinear dense{nullptr}, out_proj{nullptr};
};
TORCH_MODULE(EsmClassificationHead);

class EsmForSequenceClassification : public SequenceClassifier {
 public:
  explicit EsmForSequenceClassification(ModelConfig config);
  ClassifierOutput forward(const torch::Tensor& input_ids, const torch::Tensor& attention_mask,
                           const ForwardOptions& options = {}) override;
  torch::Tensor classify_pooled(const torch::Tensor& pooled) override;
  std::vector<std::string> head_parameter_prefixes() const override { return {"classifier."}; }
  // transformers >= 5 has no position table in rotary models (4.x has an unused one): optional there.
  std::vector<std::string> optional_parameter_prefixes() const override;

  EsmModel esm{nullptr};
  EsmClassificationHead classifier{nullptr};

 private:
  // words: ForwardOptions::word_embeddings (undefined = the lookup of input_ids).
  torch::Tensor embed(const torch::Tensor& input_ids, const torch::Tensor& attention_mask, const torch::Tensor& words);
  torch::Tensor feed_forward(EsmLayerImpl& layer, const torch::Tensor& x);
};

}  // namespace lnc::trainer
