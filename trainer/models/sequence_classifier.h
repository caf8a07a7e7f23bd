#pragma once
// What every model family offers the trainer: token ids + attention mask in, logits out, with attention
// probabilities and hidden states on request. Parameter names (named_parameters()) are exactly the
// Hugging Face state-dict names of the family's *ForSequenceClassification module, so loading and saving
// checkpoints is a name-for-name copy. Persistent buffers (ESM's rotary inv_freq) are named_buffers() under
// their HF names too; nothing else is registered as a buffer.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "config/model_config.h"
#include "trainer/models/packed_rows.h"

namespace lnc::trainer {

using config::ModelConfig;

struct ForwardOptions {
  bool attentions = false;     // per-layer softmax probabilities [B, heads, L, L]
  bool hidden_states = false;  // embedding output, then each layer's output [B, L, H]
  // When defined, [B, L, H]: used instead of the word-embedding lookup of input_ids (what integrated gradients
  // differentiate through, trainer/importance/integrated_gradients.h). input_ids still give positions, masks and
  // every other id-dependent step (ESM's token dropout), so ids + their own looked-up embeddings = a plain forward.
  torch::Tensor word_embeddings;
  // When not empty: the real tokens of each row of input_ids (right-padded rows, as the token file's batches are),
  // known on the host. A family that packs its rows (DNABERT-2, trainer/models/packed_rows.h) builds its layout
  // from them instead of reading attention_mask back from the device, the training step's second host
  // synchronisation otherwise. The caller guarantees they are the mask's row sums (DeviceBatch::row_lengths,
  // trainer/components/row_forward.h, derives both from the same host array); nothing re-checks them on the device.
  std::vector<std::int64_t> row_lengths;
};

struct ClassifierOutput {
  torch::Tensor logits;             // [B, num_labels]
  torch::Tensor last_hidden_state;  // [B, L, H]
  torch::Tensor pooled;             // what the head consumed before its final projection, [B, H]
  std::vector<torch::Tensor> attentions;
  std::vector<torch::Tensor> hidden_states;
};

class SequenceClassifier : public torch::nn::Module {
 public:
  explicit SequenceClassifier(ModelConfig config) : config_(std::move(config)) {}
  // input_ids [B, L] int64; attention_mask [B, L] int64 (1 = real token, 0 = padding, right-padded).
  virtual ClassifierOutput forward(const torch::Tensor& input_ids, const torch::Tensor& attention_mask,
                                   const ForwardOptions& options = {}) = 0;
  // The head's last part: its dropout and final projection, [B, H] pooled -> [B, num_labels] logits. forward ends
  // with it on ClassifierOutput::pooled; chunked rows apply it to their chunks' combined pooled outputs
  // (trainer/components/row_forward.h).
  virtual torch::Tensor classify_pooled(const torch::Tensor& pooled) = 0;
  const ModelConfig& config() const { return config_; }
  // Recompute each encoder layer in backward instead of storing its activations (training only; not with
  // attentions/hidden_states requested). Every family implements it (trainer/models/layers.h).
  void set_activation_checkpointing(bool on) { activation_checkpointing_ = on; }
  // Forces one way of computing padded batches in a family that can drop padding (FamilySpec::drops_padding;
  // tests and `lnctrain bench --padding-path`); the default `automatic`. Other families always compute padded.
  virtual void set_padding_path(PaddingPath) {}
  // Names of the head's parameters (freshly initialised when loading a masked-LM checkpoint).
  virtual std::vector<std::string> head_parameter_prefixes() const = 0;
  // Parameters a checkpoint may lack without harm (not on the classification path, e.g. ESM's contact head):
  // reported as missing when loading, never refused.
  virtual std::vector<std::string> optional_parameter_prefixes() const { return {}; }

 protected:
  ModelConfig config_;
  bool activation_checkpointing_ = false;
};

}  // namespace lnc::trainer
