#include "trainer/components/row_forward.h"

#include <stdexcept>

#include "data/token_store/token_store.h"
#include "trainer/components/host_upload.h"

namespace lnc::trainer {
std::vector<std::int64_t> right_padded_lengths(const std::vector<std::int64_t>& mask, std::int64_t rows,
                                               std::int64_t width) {
  std::vector<std::int64_t> lengths(static_cast<std::size_t>(rows), 0);
  for (std::int64_t b = 0; b < rows; ++b) {
    const auto* m = mask.data() + b * width;
    std::int64_t n = 0;
    while (n < width && m[n] != 0) ++n;
    for (std::int64_t i = n; i < width; ++i)
      if (m[i] != 0) return {};  // a real token after padding: not right-padded
    lengths[static_cast<std::size_t>(b)] = n;
  }
  return lengths;
}

DeviceBatch to_device_batch(const data::TokenBatch& batch, const torch::Device& device) {
  // On CUDA pinned + non_blocking (trainer/components/host_upload.h), so a prefetching thread overlaps the copy
  // with the step (trainer/training/batch_prefetcher.h).
  const auto n = static_cast<std::int64_t>(batch.rows.size());
  DeviceBatch out;
  out.input_ids = upload_int64(batch.input_ids, {n, batch.max_length}, device);
  out.attention_mask = upload_int64(batch.attention_mask, {n, batch.max_length}, device);
  out.labels = upload_int64(batch.labels, {static_cast<std::int64_t>(batch.labels.size())}, device);
  out.row_lengths = right_padded_lengths(batch.attention_mask, n, batch.max_length);
  return out;
}

DeviceBatch to_device_batch(const data::WindowedBatch& windows, const std::string& pooling,
                            const torch::Device& device) {
  DeviceBatch out = to_device_batch(windows.batch, device);
  if (!windows.one_window_per_row()) out.window_offsets = windows.offsets;
  out.pooling = pooling;
  return out;
}

data::LongRowPolicy long_row_policy(const config::DataConfig& d, const config::ModelConfig& model,
                                    const data::TokenStoreInfo& info) {
  return data::long_row_policy(d, model, info.tokenizer, info.pad_id);
}

DeviceBatch windowed_device_batch(const data::TokenBatch& rows, const data::LongRowPolicy& policy,
                                  const torch::Device& device) {
  return to_device_batch(data::window_batch(rows, policy), policy.pooling, device);
}

DeviceBatch device_batch(const torch::Tensor& input_ids, const torch::Tensor& attention_mask,
                         const torch::Tensor& labels) {
  DeviceBatch out;
  out.input_ids = input_ids;
  out.attention_mask = attention_mask;
  out.labels = labels;
  return out;
}

torch::Tensor combine_windows(const torch::Tensor& pooled, const std::vector<std::int64_t>& offsets,
                              const std::string& pooling) {
  // A row's windows are contiguous: one reduction per row keeps every row's gradient its own (B is a batch's rows).
  std::vector<torch::Tensor> rows;
  rows.reserve(offsets.size() - 1);
  for (std::size_t b = 0; b + 1 < offsets.size(); ++b) {
    auto windows = pooled.narrow(0, offsets[b] - offsets.front(), offsets[b + 1] - offsets[b]);
    rows.push_back(pooling == "max" ? std::get<0>(windows.max(0)) : windows.mean(0));
  }
  return torch::stack(rows);
}

ClassifierOutput forward_rows(SequenceClassifier& model, const DeviceBatch& batch, const ForwardOptions& options,
                              std::int64_t first, std::int64_t count) {
  const std::int64_t rows = batch.rows();
  if (count < 0) count = rows - first;
  // The host row lengths of the windows [begin, end) travel with the forward (ForwardOptions::row_lengths), unless
  // the caller gave its own or the batch has none.
  auto with_lengths = [&](std::int64_t begin, std::int64_t end) {
    ForwardOptions o = options;
    if (o.row_lengths.empty() && !batch.row_lengths.empty())
      o.row_lengths.assign(batch.row_lengths.begin() + begin, batch.row_lengths.begin() + end);
    return o;
  };
  if (batch.window_offsets.empty()) {
    if (first == 0 && count == rows)
      return model.forward(batch.input_ids, batch.attention_mask, with_lengths(0, rows));
    return model.forward(batch.input_ids.narrow(0, first, count), batch.attention_mask.narrow(0, first, count),
                         with_lengths(first, first + count));
  }
  const auto& offsets = batch.window_offsets;
  const std::int64_t begin = offsets[static_cast<std::size_t>(first)];
  const std::int64_t end = offsets[static_cast<std::size_t>(first + count)];
  auto out = model.forward(batch.input_ids.narrow(0, begin, end - begin),
                           batch.attention_mask.narrow(0, begin, end - begin), with_lengths(begin, end));
  const std::vector<std::int64_t> these(offsets.begin() + first, offsets.begin() + first + count + 1);
  out.pooled = combine_windows(out.pooled, these, batch.pooling);
  out.logits = model.classify_pooled(out.pooled);
  return out;
}

}  // namespace lnc::trainer
