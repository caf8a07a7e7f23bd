#pragma once
// Length bucketing ([training] length_bucketing = true): batches are padded to their longest row, so batches of
// rows of similar length waste less compute on padding. The epoch order (GlobalBatchPlan::epoch_order) is cut
// into windows of `window_batches` global batches; inside a window the rows are sorted by length (ties keep their
// epoch order), cut into global batches, and the window's full batches are put in an order drawn from
// (seed, epoch, window), so training does not see short-to-long sweeps. A short last batch of the epoch stays last.
// The result is a function of the global order and the lengths only: identical for any number of ranks, and each
// rank then takes its contiguous slice of every global batch as before.
#include <cstdint>
#include <vector>

namespace lnc::data {

std::vector<std::int64_t> length_bucketed_order(const std::vector<std::int64_t>& order,
                                                const std::vector<std::int32_t>& lengths,
                                                std::int64_t global_batch_size, std::int64_t window_batches,
                                                std::uint64_t seed, std::int64_t epoch);

}  // namespace lnc::data
