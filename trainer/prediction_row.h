#pragma once
// One dev or test sequence as the best model classified it, as a run hands it to the results store (no torch here:
// the grid messages and the coordinator carry it; store table `predictions`, results/store/results_store.h).
#include <cstdint>
#include <string>
#include <vector>

namespace lnc::trainer {

struct PredictionRow {
  std::string split;                 // dev | test
  std::int64_t sample = 0;           // 0-based row of the split
  std::int64_t label = 0;            // true class
  std::int64_t prediction = 0;       // predicted class
  std::vector<float> probabilities;  // one per class 0..C-1
};

}  // namespace lnc::trainer
