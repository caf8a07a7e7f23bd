#include "data/batching/length_buckets.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "data/random/deterministic_rng.h"

namespace lnc::data {

std::vector<std::int64_t> length_bucketed_order(const std::vector<std::int64_t>& order,
                                                const std::vector<std::int32_t>& lengths,
                                                std::int64_t global_batch_size, std::int64_t window_batches,
                                                std::uint64_t seed, std::int64_t epoch) {
  if (global_batch_size <= 0 || window_batches <= 0)
    throw std::invalid_argument("length_bucketed_order: batch size and window must be positive");
  const auto n = static_cast<std::int64_t>(order.size());
  for (auto row : order)
    if (row < 0 || row >= static_cast<std::int64_t>(lengths.size()))
      throw std::out_of_range("length_bucketed_order: row " + std::to_string(row) + " has no length");
  std::vector<std::int64_t> out(order);
  const std::int64_t window = global_batch_size * window_batches;
  for (std::int64_t begin = 0, w = 0; begin < n; begin += window, ++w) {
    const std::int64_t end = std::min(n, begin + window);
    std::stable_sort(out.begin() + begin, out.begin() + end,
                     [&](std::int64_t a, std::int64_t b) { return lengths[a] < lengths[b]; });
    const std::int64_t full = (end - begin) / global_batch_size;
    std::vector<std::int64_t> batch_order(static_cast<size_t>(full));
    for (std::int64_t i = 0; i < full; ++i) batch_order[i] = i;
    DeterministicRng rng(seed, "length-buckets/epoch-" + std::to_string(epoch) + "/window-" + std::to_string(w));
    rng.shuffle(batch_order);
    std::vector<std::int64_t> sorted(out.begin() + begin, out.begin() + begin + full * global_batch_size);
    for (std::int64_t i = 0; i < full; ++i)
      std::copy(sorted.begin() + batch_order[i] * global_batch_size,
                sorted.begin() + (batch_order[i] + 1) * global_batch_size,
                out.begin() + begin + i * global_batch_size);
  }
  return out;
}

}  // namespace lnc::data
