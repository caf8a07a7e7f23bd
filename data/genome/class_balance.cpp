#include "data/genome/class_balance.h"

#include <string>

namespace lnc::data {

void balance_classes(std::vector<DatasetRow>& rows, DeterministicRng& rng, SkipCounts& skips) {
  std::vector<std::size_t> of_label[2];
  for (std::size_t i = 0; i < rows.size(); ++i) of_label[rows[i].label == 1 ? 1 : 0].push_back(i);
  const int larger = of_label[1].size() > of_label[0].size() ? 1 : 0;
  const std::size_t target = of_label[1 - larger].size();
  std::vector<std::size_t>& pool = of_label[larger];
  if (pool.size() == target) return;
  for (std::size_t i = 0; i < target; ++i) std::swap(pool[i], pool[i + rng.below(pool.size() - i)]);
  std::vector<bool> drop(rows.size(), false);
  for (std::size_t i = target; i < pool.size(); ++i) drop[pool[i]] = true;
  skips["balanced_away_label_" + std::to_string(larger)] += static_cast<std::int64_t>(pool.size() - target);
  std::vector<DatasetRow> kept;
  kept.reserve(2 * target);
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!drop[i]) kept.push_back(std::move(rows[i]));
  rows = std::move(kept);
}

}  // namespace lnc::data
