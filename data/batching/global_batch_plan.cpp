#include "data/batching/global_batch_plan.h"

#include <numeric>
#include <stdexcept>
#include <string>

#include "data/random/deterministic_rng.h"

namespace lnc::data {

std::pair<std::int64_t, std::int64_t> rank_slice(std::int64_t count, int rank, int world) {
  if (world <= 0 || rank < 0 || rank >= world) throw std::invalid_argument("rank_slice: bad rank/world");
  const std::int64_t base = count / world, extra = count % world;
  const std::int64_t begin = rank * base + std::min<std::int64_t>(rank, extra);
  return {begin, begin + base + (rank < extra ? 1 : 0)};
}

GlobalBatchPlan::GlobalBatchPlan(std::int64_t num_examples, std::int64_t global_batch_size, std::uint64_t seed)
    : num_examples_(num_examples), global_batch_size_(global_batch_size), seed_(seed) {
  if (global_batch_size <= 0) throw std::invalid_argument("global batch size must be positive");
}

std::int64_t GlobalBatchPlan::batches_per_epoch() const {
  return (num_examples_ + global_batch_size_ - 1) / global_batch_size_;
}

std::vector<std::int64_t> GlobalBatchPlan::epoch_order(std::int64_t epoch) const {
  std::vector<std::int64_t> order(static_cast<size_t>(num_examples_));
  std::iota(order.begin(), order.end(), 0);
  DeterministicRng rng(seed_, "train-order/epoch-" + std::to_string(epoch));
  rng.shuffle(order);
  return order;
}

std::vector<std::int64_t> GlobalBatchPlan::global_batch(const std::vector<std::int64_t>& order, std::int64_t b) const {
  const std::int64_t begin = b * global_batch_size_;
  const std::int64_t end = std::min<std::int64_t>(begin + global_batch_size_, static_cast<std::int64_t>(order.size()));
  if (begin >= end) throw std::out_of_range("global batch index past the epoch");
  return {order.begin() + begin, order.begin() + end};
}

std::vector<std::int64_t> GlobalBatchPlan::rank_rows(const std::vector<std::int64_t>& order, std::int64_t b, int rank,
                                                     int world) const {
  auto batch = global_batch(order, b);
  auto [begin, end] = rank_slice(static_cast<std::int64_t>(batch.size()), rank, world);
  return {batch.begin() + begin, batch.begin() + end};
}

}  // namespace lnc::data
