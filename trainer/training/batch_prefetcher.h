#pragma once
// This rank's shares of consecutive global batches of one epoch, each read from the token file, collated and
// copied to the device on a background thread while the previous step computes. next() hands over share b and
// starts reading share b+1 (if the range has one), so at most one read is in flight and none outlives the range:
// when the epoch's last share has been handed over the reader is idle again (the epoch's evaluation reads the
// same HDF5 file on the training thread; HDF5 is not entered from two threads at once).
// A share is windowed_device_batch of its rows (trainer/components/row_forward.h: the run's long-row policy, and on
// CUDA the pinned, non_blocking copy), exactly what the loop would read on the training thread.
// The shares are those of plan.rank_rows(order, b, rank, world), in order, an empty share as nullopt:
// tests/unit/batch_prefetcher_test.cpp compares them with the direct reads for several rank counts.
#include <torch/torch.h>

#include <cstdint>
#include <future>
#include <optional>
#include <vector>

#include "data/batching/long_rows.h"
#include "trainer/components/row_forward.h"

namespace lnc::data {
class GlobalBatchPlan;
class TokenStoreReader;
}  // namespace lnc::data

namespace lnc::trainer {

// One share read and put on the device (nullopt when this rank has no rows of global batch b).
std::optional<DeviceBatch> read_share(const data::TokenStoreReader& reader, const data::GlobalBatchPlan& plan,
                                      const std::vector<std::int64_t>& order, const data::LongRowPolicy& policy,
                                      std::int64_t b, int rank, int world, const torch::Device& device);

class BatchPrefetcher {
 public:
  // Global batches [first, end) of `order` (an epoch order of `plan`), split "train".
  BatchPrefetcher(const data::TokenStoreReader& reader, const data::GlobalBatchPlan& plan,
                  std::vector<std::int64_t> order, const data::LongRowPolicy& policy, int rank, int world,
                  torch::Device device, std::int64_t first, std::int64_t end);
  ~BatchPrefetcher();  // waits for a read in flight (an exception may leave the loop early)
  BatchPrefetcher(const BatchPrefetcher&) = delete;
  BatchPrefetcher& operator=(const BatchPrefetcher&) = delete;

  // The share of the next global batch of the range; rethrows a read's error. Throws std::logic_error past end.
  std::optional<DeviceBatch> next();

 private:
  void start(std::int64_t b);

  const data::TokenStoreReader& reader_;
  const data::GlobalBatchPlan& plan_;
  std::vector<std::int64_t> order_;
  const data::LongRowPolicy& policy_;
  int rank_, world_;
  torch::Device device_;
  std::int64_t next_, end_;
  std::future<std::optional<DeviceBatch>> in_flight_;
};

}  // namespace lnc::trainer
