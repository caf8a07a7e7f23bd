#pragma once
// Tables 1-4 of the study built from the results store (cell mapping: study_cells.h; paper numbers:
// paper_values.h). Metrics are printed x100 like the paper (MCC, accuracy, macro F1); Table 3 is in TPM.
#include <map>
#include <string>
#include <vector>

#include "results/report/report_table.h"
#include "results/store/results_store.h"

namespace lnc::results {

// A run with its final test metrics (split 'test', epoch NULL), by metric name, as stored (MCC in [-1, 1]).
struct RunTestMetrics {
  RunRecord run;
  std::map<std::string, double> test;
};

std::vector<RunTestMetrics> load_run_test_metrics(const ResultsStore& store);

ReportTable build_table1(const std::vector<RunTestMetrics>& runs);  // task 3 MCC by length
ReportTable build_table2(const std::vector<RunTestMetrics>& runs);  // MCC of the four tasks at 300 bp
ReportTable build_table3(const std::vector<DatasetStatRecord>& stats);  // expression by biotype
// Companion of Table 3 (id "table3_splits"): the prepared datasets' sizes from the store's split_stats, one row per
// dataset and split; columns: examples, then one per class label found ("label L"), then mean / min / max bases.
// The paper gives no such numbers, so the cells have no paper value; a class absent from a split is "—".
ReportTable build_table3_splits(const std::vector<SplitStatRecord>& stats);
ReportTable build_table4(const std::vector<RunTestMetrics>& runs);  // DNABERT k sweep on task 2

}  // namespace lnc::results
