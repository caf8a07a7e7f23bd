#pragma once
// Backend of `lnctrain report --store FILE --out DIR`: renders the study's tables and Figure 2 from a results store.
//
// Files written under out_dir (created if absent; each written atomically):
//   table1..table4.{md,csv,tex}  the study tables (formats in report_table.h, cells in study_tables.h)
//   table3_splits.{md,csv,tex}   the prepared datasets' sizes per split and class (beside Table 3)
//   runs.md                      every run of the store with its final test metrics (the summary table below)
//   figure2_run<ID>_heatmap.png  per run that stored test-split importances (importance_figures.h); task 3 runs
//                                are grouped by expression (the study's Figure 2), others by their class label
//   figure2_run<ID>_mean.png
//                                (attention; other methods: figure2_run<ID>_<method>_heatmap.png / _mean.png, one
//                                pair per stored method: ism, ism_mean, integrated_gradients)
//   motifs_run<ID>/              with `motifs` (below), per done run with importances: the files of
//                                results/motifs/run_motifs.h (motifs.tsv, matches.tsv, logos) and a motif section
//   curves_<k>.png               training curves per grid point, seeds overlaid (training_curves.h)
//   paired_comparisons.{md,csv}  every pair of models on the same task, length and seeds: paired bootstrap of the
//                                test MCC difference, and the collapsed runs (paired_comparisons.h)
//   provenance.md                per run: lnctrain, library versions, device, hosts, input hashes (provenance_table.h)
//   report.md                    all of the above in one markdown page (tables inline, figures linked)
// `summary` receives the per-run markdown table (MCC, accuracy, F1, AUROC, AUPRC x100, loss as stored;
// "—" where a run has no final test metric), the paired comparisons, and the list of files written.
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "results/motifs/motif_database.h"
#include "results/store/results_store.h"

namespace lnc::results {

// The report's motif section: the motif database, and how to find a run's token file (the launcher reads it from
// the run's config text; results/ does not see TOML). A run whose token file cannot be read gets a line saying so.
struct ReportMotifs {
  std::string database_path;  // empty: the section says that no database was found, and how to get one
  std::vector<motifs::KnownMotif> database;
  std::function<std::string(const RunRecord&)> token_file;
};

// Throws InputError naming the store if it cannot be opened (missing file, not a store, newer schema).
void write_report(const std::string& store_path, const std::string& out_dir, std::ostream& summary,
                  const ReportMotifs* motifs = nullptr);

}  // namespace lnc::results
