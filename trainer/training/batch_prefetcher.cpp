#include "trainer/training/batch_prefetcher.h"

#include <stdexcept>

#include "data/batching/global_batch_plan.h"
#include "data/token_store/token_store.h"

namespace lnc::trainer {

std::optional<DeviceBatch> read_share(const data::TokenStoreReader& reader, const data::GlobalBatchPlan& plan,
                                      const std::vector<std::int64_t>& order, const data::LongRowPolicy& policy,
                                      std::int64_t b, int rank, int world, const torch::Device& device) {
  const auto rows = plan.rank_rows(order, b, rank, world);
  if (rows.empty()) return std::nullopt;
  return windowed_device_batch(reader.read_rows("train", rows), policy, device);
}

BatchPrefetcher::BatchPrefetcher(const data::TokenStoreReader& reader, const data::GlobalBatchPlan& plan,
                                 std::vector<std::int64_t> order, const data::LongRowPolicy& policy, int rank,
                                 int world, torch::Device device, std::int64_t first, std::int64_t end)
    : reader_(reader), plan_(plan), order_(std::move(order)), policy_(policy), rank_(rank), world_(world),
      device_(device), next_(first), end_(end) {
  if (next_ < end_) start(next_);
}
BatchPrefetcher::~BatchPrefetcher() {
  if (in_flight_.valid()) in_flight_.wait();
}

void BatchPrefetcher::start(std::int64_t b) {
  in_flight_ = std::async(std::launch::async,
                          [this, b] { return read_share(reader_, plan_, order_, policy_, b, rank_, world_, device_); });
}

std::optional<DeviceBatch> BatchPrefetcher::next() {
  if (next_ >= end_) throw std::logic_error("BatchPrefetcher: past the end of its range");
  auto share = in_flight_.get();
  if (++next_ < end_) start(next_);
  return share;
}

}  // namespace lnc::trainer
