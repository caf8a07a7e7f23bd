#pragma once
// Equal class sizes by deterministic down-sampling: the larger label keeps a seeded random subset (partial
// Fisher-Yates over its rows in their current order) of the smaller label's size; the rows keep their
// relative order. The number removed is counted under skips["balanced_away_label_<L>"].
#include <vector>

#include "data/random/deterministic_rng.h"
#include "data/genome/task_dataset.h"

namespace lnc::data {

void balance_classes(std::vector<DatasetRow>& rows, DeterministicRng& rng, SkipCounts& skips);

}  // namespace lnc::data
