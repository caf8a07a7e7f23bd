#include "trainer/components/row_forward.h"

#include <stdexcept>

#include "data/token_store/token_store.h"

namespace lnc::trainer {
namespace {

// On CUDA the collated host array is pinned and copied with non_blocking on the device's current (default) stream,
// which orders the copy before the step's kernels on that stream (the caching host allocator keeps the pinned
// buffer until its copy is done), so a prefetching thread overlaps it with the step (trainer/training/
// batch_prefetcher.h). On CPU: a copy the batch owns.
torch::Tensor host_tensor(const std::vector<std::int64_t>& values, std::vector<std::int64_t> shape,
                          const torch::Device& device) {
  auto view = torch::from_blob(const_cast<std::int64_t*>(values.data()), shape, torch::kInt64);
  if (device.is_cuda()) return view.pin_memory().to(device, /*non_blocking=*/true);
  return view.clone().to(device);
}

}  // namespace

DeviceBatch to_device_batch(const data::TokenBatch& batch, const torch::Device& device) {
  const auto n = static_cast<std::int64_t>(batch.rows.size());
  DeviceBatch out;
  out.input_ids = host_tensor(batch.input_ids, {n, batch.max_length}, device);
  out.attention_mask = host_tensor(batch.attention_mask, {n, batch.max_length}, device);
  out.labels = host_tensor(batch.labels, {static_cast<std::int64_t>(batch.labels.size())}, device);
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
  if (batch.window_offsets.empty()) {
    if (first == 0 && count == rows) return model.forward(batch.input_ids, batch.attention_mask, options);
    return model.forward(batch.input_ids.narrow(0, first, count), batch.attention_mask.narrow(0, first, count),
                         options);
  }
  const auto& offsets = batch.window_offsets;
  const std::int64_t begin = offsets[static_cast<std::size_t>(first)];
  const std::int64_t end = offsets[static_cast<std::size_t>(first + count)];
  auto out = model.forward(batch.input_ids.narrow(0, begin, end - begin),
                           batch.attention_mask.narrow(0, begin, end - begin), options);
  const std::vector<std::int64_t> these(offsets.begin() + first, offsets.begin() + first + count + 1);
  out.pooled = combine_windows(out.pooled, these, batch.pooling);
  out.logits = model.classify_pooled(out.pooled);
  return out;
}

}  // namespace lnc::trainer
