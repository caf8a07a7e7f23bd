#include "results/report/report_writer.h"

#include <cstdio>
#include <sstream>
#include <vector>

#include "base/atomic_file.h"
#include "results/report/importance_figures.h"
#include "results/report/paired_comparisons.h"
#include "results/report/provenance_table.h"
#include "results/report/training_curves.h"
#include "results/report/study_cells.h"
#include "results/report/study_tables.h"
#include "results/store/results_store.h"

namespace lnc::results {
namespace {

std::string metric_cell(const RunTestMetrics& r, const std::string& name, double scale, int decimals) {
  auto it = r.test.find(name);
  if (it == r.test.end()) return "—";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, scale * it->second);
  return buf;
}

std::string runs_markdown(const std::vector<RunTestMetrics>& runs) {
  std::ostringstream out;
  out << "| run | grid | task | length | model | tokenizer | k | seed | status | MCC x100 | accuracy x100 | F1 x100 "
         "| AUROC x100 | AUPRC x100 | loss | wall s |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : runs) {
    const RunRecord& run = r.run;
    char wall[32];
    std::snprintf(wall, sizeof wall, "%.1f", run.wall_seconds);
    out << "| " << run.id << " | " << run.grid_name << " | " << run.task << " | " << run.length << " | " << run.model
        << " | " << run.tokenizer << " | " << run.k << " | " << run.seed << " | " << run.status << " | "
        << metric_cell(r, "mcc", 100, 2) << " | " << metric_cell(r, "accuracy", 100, 2) << " | "
        << metric_cell(r, "f1", 100, 2) << " | " << metric_cell(r, "auroc", 100, 2) << " | "
        << metric_cell(r, "auprc", 100, 2) << " | " << metric_cell(r, "loss", 1, 4) << " | "
        << (run.finished_at.empty() ? "—" : wall) << " |\n";
  }
  return out.str();
}

}  // namespace

void write_report(const std::string& store_path, const std::string& out_dir, std::ostream& summary) {
  ResultsStore store(store_path, /*read_only=*/true);
  make_directories(out_dir);
  const std::vector<RunTestMetrics> runs = load_run_test_metrics(store);
  std::vector<std::string> written;
  auto write = [&](const std::string& name, const std::string& content) {
    write_file_atomic(out_dir + "/" + name, content);
    written.push_back(name);
  };

  std::ostringstream page;
  page << "# lnctrain report\n\nStore: `" << store_path << "`, " << runs.size() << " runs.\n\n";
  const ReportTable tables[] = {build_table1(runs), build_table2(runs), build_table3(store.dataset_stats()),
                                build_table3_splits(store.split_stats()), build_table4(runs)};
  for (const ReportTable& t : tables) {
    write(t.id + ".md", render_markdown(t));
    write(t.id + ".csv", render_csv(t));
    write(t.id + ".tex", render_latex(t));
    page << render_markdown(t) << "\n";
  }

  page << "### Figure 2: attention importance (test split)\n\n";
  bool any_figure = false;
  for (const auto& r : runs) {
    const auto rows = store.importance(r.run.id, "test");
    if (rows.empty()) continue;
    // The study groups task 3's genes by expression, which is that task's label; other tasks have no expression
    // per sequence, so their panels are their own classes and the caption says so.
    auto cell = study_cell(r.run);
    const bool by_expression = cell && cell->task == 3;
    ImportanceGroups groups;
    if (!by_expression) groups = ImportanceGroups{{"class 0 (label 0)", "class 1 (label 1)"}};
    const std::string stem = "figure2_run" + std::to_string(r.run.id);
    const std::string what = "run " + std::to_string(r.run.id) + " (" + r.run.task + ", " + r.run.model + ", " +
                             std::to_string(r.run.length) + " bp, seed " + std::to_string(r.run.seed) + ")";
    const std::size_t drawn = write_importance_heatmap(rows, "Attention importance per base, " + what,
                                                       out_dir + "/" + stem + "_heatmap.png", groups);
    written.push_back(stem + "_heatmap.png");
    if (drawn != rows.size())
      summary << "run " << r.run.id << ": " << rows.size() - drawn
              << " importance rows with a label other than 0/1 are not drawn\n";
    write_importance_curve(rows, "Mean attention importance, " + what, out_dir + "/" + stem + "_mean.png", groups);
    written.push_back(stem + "_mean.png");
    page << "- " << what << ", " << rows.size() << " test sequences, grouped by "
         << (by_expression ? "expression (highly = label 1, lowly = label 0; the study's grouping)"
                           : "the task's class label (no expression grouping: the dataset has none per sequence)")
         << ": ![heatmap](" << stem << "_heatmap.png) ![mean](" << stem << "_mean.png)\n";
    any_figure = true;
  }
  if (!any_figure) page << "— (no run has stored test-split importances)\n";

  page << "\n### Training curves (train loss per step, dev MCC per epoch; seeds overlaid)\n\n";
  const auto curves = write_training_curves(store, out_dir);
  for (const auto& f : curves) {
    written.push_back(f.file);
    page << "- " << f.caption << ": ![curves](" << f.file << ")\n";
  }
  if (curves.empty()) page << "— (no done run has a stored training curve)\n";

  const auto comparisons = paired_comparisons(store);
  const std::string paired = paired_comparisons_markdown(comparisons, collapsed_runs(store));
  write("paired_comparisons.md", paired);
  write("paired_comparisons.csv", paired_comparisons_csv(comparisons));
  page << "\n" << paired;

  const std::string provenance = provenance_markdown(store);
  write("provenance.md", provenance);
  page << "\n" << provenance;

  const std::string run_table = runs_markdown(runs);
  write("runs.md", "# Runs and final test metrics\n\n" + run_table);
  page << "\n### Runs\n\n" << run_table;
  write("report.md", page.str());

  summary << run_table << "\n" << paired << "\nWrote to " << out_dir << ":";
  for (const auto& name : written) summary << " " << name;
  summary << "\n";
}

}  // namespace lnc::results
