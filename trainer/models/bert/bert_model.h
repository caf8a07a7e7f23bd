#pragma once
// DNABERT (v1) = Hugging Face BertForSequenceClassification: learned absolute positions, token types,
// post-LayerNorm blocks, GELU (erf), pooler = tanh(dense([CLS])), classifier on the pooled output.
// Module names mirror HF so named_parameters() are the HF state-dict keys (bert.encoder.layer.N...).
#include "trainer/lora/lora_linear.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

struct BertSelfAttentionImpl : torch::nn::Module {
  explicit BertSelfAttentionImpl(const ModelConfig& c);
  AdaptableLinear query{nullptr}, key{nullptr}, value{nullptr};
};
TORCH_MODULE(BertSelfAttention);

struct BertDenseNormImpl : torch::nn::Module {  // HF BertSelfOutput / BertOutput: dense, dropout, LayerNorm(x + in)
  BertDenseNormImpl(int in, int out, double eps);
  AdaptableLinear dense{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(BertDenseNorm);

struct BertAttentionImpl : torch::nn::Module {
  explicit BertAttentionImpl(const ModelConfig& c);
  BertSelfAttention self{nullptr};
  BertDenseNorm output{nullptr};
};
TORCH_MODULE(BertAttention);

struct BertIntermediateImpl : torch::nn::Module {
  explicit BertIntermediateImpl(const ModelConfig& c);
  AdaptableLinear dense{nullptr};
};
TORCH_MODULE(BertIntermediate);

struct BertLayerImpl : torch::nn::Module {
  explicit BertLayerImpl(const ModelConfig& c);
  BertAttention attention{nullptr};
  BertIntermediate intermediate{nullptr};
  BertDenseNorm output{nullptr};
};
TORCH_MODULE(BertLayer);

struct BertEmbeddingsImpl : torch::nn::Module {
  explicit BertEmbeddingsImpl(const ModelConfig& c);
  torch::nn::Embedding word_embeddings{nullptr}, position_embeddings{nullptr}, token_type_embeddings{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(BertEmbeddings);

struct BertEncoderImpl : torch::nn::Module {
  explicit BertEncoderImpl(const ModelConfig& c);
  torch::nn::ModuleList layer;
};
TORCH_MODULE(BertEncoder);

struct BertPoolerImpl : torch::nn::Module {
  explicit BertPoolerImpl(const ModelConfig& c);
  AdaptableLinear dense{nullptr};
};
TORCH_MODULE(BertPooler);

struct BertModelImpl : torch::nn::Module {
  explicit BertModelImpl(const ModelConfig& c);
  BertEmbeddings embeddings{nullptr};
  BertEncoder encoder{nullptr};
  BertPooler pooler{nullptr};
};
TORCH_MODULE(BertModel);

class BertForSequenceClassification : public SequenceClassifier {
 public:
  explicit BertForSequenceClassification(ModelConfig config);
  ClassifierOutput forward(const torch::Tensor& input_ids, const torch::Tensor& attention_mask,
                           const ForwardOptions& options = {}) override;
  torch::Tensor classify_pooled(const torch::Tensor& pooled) override;
  // Masked-LM checkpoints (BertForMaskedLM: add_pooling_layer=False) have no pooler: it is initialised with the head.
  std::vector<std::string> head_parameter_prefixes() const override { return {"bert.pooler.", "classifier."}; }

  BertModel bert{nullptr};
  AdaptableLinear classifier{nullptr};
};

}  // namespace lnc::trainer
