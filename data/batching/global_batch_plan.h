#pragma once
// The data order is defined globally, never per rank: epoch e visits a permutation of all rows drawn from
// (seed, e); global batch b is positions [b*G, (b+1)*G) of it; each rank takes one contiguous slice of every
// global batch. Any number of ranks therefore sees the same global batches in the same order.
#include <cstdint>
#include <utility>
#include <vector>

namespace lnc::data {

class GlobalBatchPlan {
 public:
  GlobalBatchPlan(std::int64_t num_examples, std::int64_t global_batch_size, std::uint64_t seed);

  std::int64_t num_examples() const { return num_examples_; }
  std::int64_t global_batch_size() const { return global_batch_size_; }
  std::int64_t batches_per_epoch() const;  // the last batch may be smaller (kept, as HF's Trainer does)
  std::vector<std::int64_t> epoch_order(std::int64_t epoch) const;
  // All rows of global batch b of `order` (an epoch_order result).
  std::vector<std::int64_t> global_batch(const std::vector<std::int64_t>& order, std::int64_t b) const;
  // This rank's rows of that batch.
  std::vector<std::int64_t> rank_rows(const std::vector<std::int64_t>& order, std::int64_t b, int rank, int world) const;

 private:
  std::int64_t num_examples_, global_batch_size_;
  std::uint64_t seed_;
};

// Contiguous share [begin, end) of `count` items for `rank` of `world`: sizes differ by at most one.
std::pair<std::int64_t, std::int64_t> rank_slice(std::int64_t count, int rank, int world);

}  // namespace lnc::data
