#pragma once
// Training-curve figures of the report: one PNG per grid point (grid, task, length, model, tokenizer, k) that has
// done runs with a stored training curve (store table training_curve, results/store/training_curve_records.h),
// kCurvesWidth x kCurvesHeight, two panels with the point's seeds overlaid (one colour per seed, legend):
//   left   train loss (the curve's mean loss per log_every window) against the optimizer step
//   right  dev MCC after each epoch (metrics rows split 'dev', name 'mcc', with an epoch) against the epoch
// Files: curves_<k>.png, k = 1, 2, ... in the order of the points' first run id.
#include <string>
#include <vector>

namespace lnc::results {

class ResultsStore;

inline constexpr int kCurvesWidth = 1200, kCurvesHeight = 500;

struct CurveFigure {
  std::string file;     // name under the output directory
  std::string caption;  // "task, length bp, model (tokenizer k), grid g: seeds 1, 2, 3"
};

// Writes the figures under out_dir; InputError naming a path that cannot be written.
std::vector<CurveFigure> write_training_curves(const ResultsStore& store, const std::string& out_dir);

}  // namespace lnc::results
