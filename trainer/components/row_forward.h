#pragma once
// Token-file rows -> logits, whatever their length ([data] long_sequences; the windows: data/batching/long_rows.h).
// A batch whose rows fit the model's context (or are truncated to it) is one forward, as always. A batch with
// chunked rows is one forward over all the chunks of its rows ([chunks, <= context]); each chunk is pooled the way
// the family pools a row (ClassifierOutput::pooled: tanh(dense(first token)) for every family), the chunks of a row
// are combined by their mean or element-wise max ([data] chunk_pooling), and the family's head
// (SequenceClassifier::classify_pooled: dropout, final projection) turns that into the row's logits, so the whole
// path trains end to end. The same code on CPU and GPU.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "config/run_config.h"
#include "data/batching/long_rows.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::data {
struct TokenBatch;
struct TokenStoreInfo;
}  // namespace lnc::data

namespace lnc::trainer {

// Batch rows -> tensors on the device: one row of input_ids / attention_mask per window, one label per row.
struct DeviceBatch {
  torch::Tensor input_ids, attention_mask, labels;
  // Real tokens of each row of input_ids (each window), on the host: what the host array the mask was copied from
  // says, so that the forward needs no device read to know them (ForwardOptions::row_lengths; forward_rows passes
  // them). Empty when unknown (tensors built elsewhere: the model then reads the mask) or when a row is not
  // right-padded.
  std::vector<std::int64_t> row_lengths;
  // Windows of row b: [window_offsets[b], window_offsets[b + 1]); empty = one window per row.
  std::vector<std::int64_t> window_offsets;
  std::string pooling = "mean";  // how a row's windows are combined
  std::int64_t rows() const { return labels.size(0); }
};
DeviceBatch to_device_batch(const data::TokenBatch& batch, const torch::Device& device);
// Each row's real tokens when every row of the [rows, width] host mask is its real tokens then only padding;
// empty otherwise.
std::vector<std::int64_t> right_padded_lengths(const std::vector<std::int64_t>& mask, std::int64_t rows,
                                               std::int64_t width);
DeviceBatch to_device_batch(const data::WindowedBatch& windows, const std::string& pooling, const torch::Device& device);
// A one-window-per-row batch of tensors already on a device (tests, bench).
DeviceBatch device_batch(const torch::Tensor& input_ids, const torch::Tensor& attention_mask, const torch::Tensor& labels);

// The run's long-row policy: [data] long_sequences & co. against the built model's context
// (FamilySpec::context_tokens of `model`, which has the token file's pad id) and the token file's tokenizer.
data::LongRowPolicy long_row_policy(const config::DataConfig& data, const config::ModelConfig& model,
                                    const data::TokenStoreInfo& info);

// The windows of `rows` moved to the device (policy errors name the split row).
DeviceBatch windowed_device_batch(const data::TokenBatch& rows, const data::LongRowPolicy& policy,
                                  const torch::Device& device);

// The classifier on rows [first, first + count) of the batch (count < 0: to the end). logits and pooled are per
// row; last_hidden_state, attentions and hidden_states are per window (the windows of those rows).
ClassifierOutput forward_rows(SequenceClassifier& model, const DeviceBatch& batch, const ForwardOptions& options = {},
                              std::int64_t first = 0, std::int64_t count = -1);

// The chunks' pooled outputs [windows, H] combined per row ("mean" | "max") with `offsets` as above.
torch::Tensor combine_windows(const torch::Tensor& pooled, const std::vector<std::int64_t>& offsets,
                              const std::string& pooling);

}  // namespace lnc::trainer
