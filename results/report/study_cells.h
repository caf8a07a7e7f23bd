#pragma once
// How a run in the results store maps to a cell of the study's tables: the one place these names are defined.
//
// Task (runs.task, case-insensitive):
//   1  "task1" | "easy"  | "prom_300_notata"   biological vs artificial (GUE's own shuffled negatives)
//   2  "task2" | "basic"                       promoter vs non-promoter
//   3  "task3" | "medium"                      highly vs lowly expressed gene promoters
//   4  "task4" | "hard"                        protein-coding vs lncRNA promoters
// Length (runs.length): bases of the window; 0 (unset) counts as 300 for tasks 1 and 2, whose GUE windows are
// always 300 bp, and as unknown for tasks 3 and 4.
// Model row (runs.model, the [model] name label; case-insensitive, '_' = '-'):
//   LR               "lr-tfidf" | "lr"
//   NT-500M-human    "nt-500m-human" | "nt-500m" | "nt-500m-human-ref"
//   DNABERT-2        "dnabert2" | "dnabert-2"
//   DNABERT (k-mer)  "dnabert" | "dnabert1" with runs.k = k, or "dnabert-<k>mer" / "dnabert<k>" (k = 3..6)
//   DNABERT (3-mer, chunked)  "dnabert-3mer-chunked": DNABERT 3-mer with [data] long_sequences = "chunk"
//                    (configs/length_sweep_chunked.toml), Table 1's extra row (no paper value: what chunking
//                    recovers at 1000 and 2000 bp over the paper's truncation; at 300 and 500 bp every row fits
//                    DNABERT's 512 positions, so it trains as the plain row does)
//   Tables 1 and 2 use DNABERT with k = 3; Table 4 uses DNABERT k = 3..6 on task 2 at 300 bp.
// Runs with other labels (smoke tests, ablations) appear only in the per-run summary.
// Only runs with status 'done' and final test metrics (split 'test', epoch NULL) fill cells; several runs in one
// cell (seeds) are aggregated, so a grid that varies hyperparameters should give each setting its own model label.
#include <optional>
#include <string>

#include "results/store/results_store.h"

namespace lnc::results {

enum class StudyModel { kLogisticRegression, kNt500mHuman, kDnabert2, kDnabert3mer, kDnabert3merChunked };

struct StudyCell {
  int task = 0;          // 1..4
  long length = 0;       // bases; 0 = unknown
  std::optional<StudyModel> model;  // the Table 1/2 row, if any
  int dnabert_k = 0;     // k of a DNABERT (k-mer) run, 0 otherwise (Table 4)
};

// nullopt when the run's task is not one of the study's four.
std::optional<StudyCell> study_cell(const RunRecord& run);

std::string study_model_label(StudyModel model);  // the paper's row label, e.g. "DNABERT (3-mer)"

}  // namespace lnc::results
