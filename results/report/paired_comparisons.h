#pragma once
// The report's paired comparisons and collapsed-run flags, from the store's done runs and their per-sample test
// predictions (store schema 7, results/store/prediction_records.h).
//
// A point is (grid, task, length, model, tokenizer, k): a grid point without its seed. Two models are compared when
// they have done runs with test predictions on the same (task, length) and seeds in common; every pair of models of
// such a (task, length) is compared once, on the seeds they share, where both runs' test splits hold the same
// labels row for row (else the seed is left out and the table says how many were), by the paired bootstrap of
// results/report/paired_bootstrap.h. Models are named "model (tokenizer k)" in the table; A is the first by name.
// When a model has several done runs for one seed (several grids), the latest (highest run id) is used.
//
// Collapsed run: a done run whose test MCC is below 0.05 while the other seeds of its point score well, i.e. the
// median test MCC of the point's other done runs is at least 0.2 (DNABERT-2 issues #102 and #103 report such
// near-zero MCC seeds). It needs at least one other seed. Collapsed runs stay in the comparisons: the flag says
// where a difference may come from one failed seed.
//
// Files: paired_comparisons.md / .csv; CSV header
//   task,length,model_a,model_b,seeds,seeds_left_out,mcc_a,mcc_b,difference,ci_low,ci_high,p_value,test
// (MCC as fractions in the CSV, x100 in markdown).
#include <cstdint>
#include <string>
#include <vector>

#include "results/report/paired_bootstrap.h"

namespace lnc::results {

class ResultsStore;

struct PairedComparison {
  std::string task;
  std::int64_t length = 0;
  std::string model_a, model_b;
  std::size_t seeds_left_out = 0;
  PairedBootstrapResult result;
};

struct CollapsedRun {
  std::int64_t run_id = 0;
  std::string point;  // "task, length bp, model (tokenizer k), grid"
  std::int64_t seed = 0;
  double mcc = 0, others_median = 0;
  std::size_t others = 0;
};

std::vector<PairedComparison> paired_comparisons(const ResultsStore& store);
std::vector<CollapsedRun> collapsed_runs(const ResultsStore& store);

// Markdown section (heading, the test named, the table, the collapsed runs) and CSV of the comparisons.
std::string paired_comparisons_markdown(const std::vector<PairedComparison>& comparisons,
                                        const std::vector<CollapsedRun>& collapsed);
std::string paired_comparisons_csv(const std::vector<PairedComparison>& comparisons);

}  // namespace lnc::results
