#pragma once
// One test sequence's per-base attention importance as a run hands it to the results store (no torch here: the
// grid messages and the coordinator carry it). Positions: base 0 first; the TSS is base scores.size() - 51
// (data/genome/promoter_window.h, offset_from_tss).
#include <cstdint>
#include <vector>

namespace lnc::trainer {

struct ImportanceRow {
  std::int64_t sample = 0;      // 0-based row of the test split
  std::int64_t label = 0;       // true class
  std::int64_t prediction = 0;  // argmax of the best model's test logits
  std::vector<float> scores;    // one per base, L2-normalised
};

}  // namespace lnc::trainer
