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
ReportTable build_table4(const std::vector<RunTestMetrics>& runs);  // DNABERT k sweep on task 2

}  // namespace lnc::results
