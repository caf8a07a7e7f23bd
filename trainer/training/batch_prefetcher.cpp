#include "trainer/training/batch_prefetcher.h"

#include <stdexcept>

#include "data/batching/global_batch_plan.h"
#include "data/token_store/token_store.h"

namespace lnc::trainer {
namespace {

// Pinned host copy of a collated array, then an asynchronous copy to the device.
torch::Tensor pinned_to_device(const std::vector<std::int64_t>& values, at::IntArrayRef shape,
                               const torch::Device& device) {
  auto host = torch::from_blob(const_cast<std::int64_t*>(values.data()), shape, torch::kInt64).pin_memory();
  return host.to(device, /*non_blocking=*/true);
}

}  // namespace

std::optional<DeviceBatch> read_share(const data::TokenStoreReader& reader, const data::GlobalBatchPlan& plan,
                                      const std::vector<std::int64_t>& order, std::int64_t b, int rank, int world,
                                      const torch::Device& device) {
  const auto rows = plan.rank_rows(order, b, rank, world);
  if (rows.empty()) return std::nullopt;
  const auto batch = reader.read_rows("train", rows);
  if (!device.is_cuda()) return to_device_batch(batch, device);
  const auto n = static_cast<std::int64_t>(batch.rows.size());
  DeviceBatch out;
  out.input_ids = pinned_to_device(batch.input_ids, {n, batch.max_length}, device);
  out.attention_mask = pinned_to_device(batch.attention_mask, {n, batch.max_length}, device);
  out.labels = pinned_to_device(batch.labels, {n}, device);
  return out;
}

BatchPrefetcher::BatchPrefetcher(const data::TokenStoreReader& reader, const data::GlobalBatchPlan& plan,
                                 std::vector<std::int64_t> order, int rank, int world, torch::Device device,
                                 std::int64_t first, std::int64_t end)
    : reader_(reader), plan_(plan), order_(std::move(order)), rank_(rank), world_(world), device_(device),
      next_(first), end_(end) {
  if (next_ < end_) start(next_);
}

BatchPrefetcher::~BatchPrefetcher() {
  if (in_flight_.valid()) in_flight_.wait();
}

void BatchPrefetcher::start(std::int64_t b) {
  in_flight_ = std::async(std::launch::async,
                          [this, b] { return read_share(reader_, plan_, order_, b, rank_, world_, device_); });
}

std::optional<DeviceBatch> BatchPrefetcher::next() {
  if (next_ >= end_) throw std::logic_error("BatchPrefetcher: past the end of its range");
  auto share = in_flight_.get();
  if (++next_ < end_) start(next_);
  return share;
}

}  // namespace lnc::trainer
