#pragma once
// Figure 2 of the study from the store's per-base attention importances of one run (task 3 test split):
//   heatmap PNG  (kHeatmapWidth x kHeatmapHeight): two panels, label 1 and label 0 (named by `groups`: for task 3
//                highly and lowly expressed genes, the study's grouping; for other tasks their own classes); one row per test sequence (in sample order), x = position relative to the TSS
//                (bp; window of length l covers -(l-51)..+50), colour = importance (viridis, one scale for both
//                panels, 0 .. the largest value), a colour bar, labelled axes, a dashed line at the TSS; positions a
//                sequence does not cover are grey.
//   curve PNG    (kCurveWidth x kCurveHeight): the mean importance at each position for each label.
// Files are written under a temporary name and renamed (cairo writes the PNG).
#include <string>
#include <vector>

#include "results/store/results_store.h"

namespace lnc::results {

inline constexpr int kHeatmapWidth = 1200, kHeatmapHeight = 700;
inline constexpr int kCurveWidth = 900, kCurveHeight = 500;

// Panel and legend names of label 0 and label 1.
struct ImportanceGroups {
  std::string names[2] = {"lowly expressed (label 0)", "highly expressed (label 1)"};
};

// Both return the number of rows drawn: rows whose label is neither 0 nor 1 (not a study task) are left out, and
// the caller reports how many. Throws std::invalid_argument when `rows` is empty; InputError naming the path when
// the PNG cannot be written.
std::size_t write_importance_heatmap(const std::vector<ImportanceRecord>& rows, const std::string& title,
                                     const std::string& png_path, const ImportanceGroups& groups = {});
std::size_t write_importance_curve(const std::vector<ImportanceRecord>& rows, const std::string& title,
                                   const std::string& png_path, const ImportanceGroups& groups = {});

}  // namespace lnc::results
