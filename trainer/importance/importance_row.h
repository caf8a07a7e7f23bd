#pragma once
// One test sequence's per-base attention importance as a run hands it to the results store (no torch here: the
// grid messages and the coordinator carry it). Positions: base 0 first; the TSS is base scores.size() - 51
// (data/genome/promoter_window.h, offset_from_tss).
#include <cstdint>
#include <string>
#include <vector>

namespace lnc::trainer {

// The stored method names, in the order of their codes on the wire (launcher/grid/grid_messages.h). `ism` gives
// two: per base the largest drop of the true-class logit over the three substitutions, and the mean change.
inline constexpr const char* kStoredImportanceMethods[] = {"attention", "ism", "ism_mean", "integrated_gradients"};
inline constexpr std::int64_t kNumStoredImportanceMethods = 4;
// The code of a stored method name; -1 when unknown.
inline std::int64_t stored_method_code(const std::string& method) {
  for (std::int64_t i = 0; i < kNumStoredImportanceMethods; ++i)
    if (method == kStoredImportanceMethods[i]) return i;
  return -1;
}

struct ImportanceRow {
  std::int64_t sample = 0;      // 0-based row of the test split
  std::int64_t label = 0;       // true class
  std::int64_t prediction = 0;  // argmax of the best model's test logits
  std::vector<float> scores;    // one per base (attention: L2-normalised; ism / IG: logit units)
  std::string method = "attention";  // stored method name (trainer/importance/importance_methods.h)
};

}  // namespace lnc::trainer
