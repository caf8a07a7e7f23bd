#include "results/report/report_writer.h"

#include <cstdio>
#include <sstream>
#include <vector>

#include "base/atomic_file.h"
#include "results/motifs/pwm.h"
#include "results/motifs/run_motifs.h"
#include "results/report/importance_figures.h"
#include "results/report/paired_comparisons.h"
#include "results/report/provenance_table.h"
#include "results/report/training_curves.h"
#include "results/tracks/bedgraph_tracks.h"
#include "base/input_error.h"
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

std::string method_label(const std::string& method) {
  if (method == "attention") return "Attention importance";
  if (method == "ism") return "ISM largest logit drop";
  if (method == "ism_mean") return "ISM mean logit change";
  if (method == "integrated_gradients") return "Integrated gradients";
  return method;
}

// Motifs of every done run with importances (its default method, run_motifs.h), top five in a table, logos linked.
std::string motif_section(const ResultsStore& store, const std::vector<RunTestMetrics>& runs,
                          const ReportMotifs& m, const std::string& out_dir, std::vector<std::string>& written) {
  std::ostringstream page;
  page << "### Motifs (de novo from test-split importance, matched against "
       << (m.database_path.empty() ? std::string("no database") : "`" + m.database_path + "`") << ")\n\n";
  if (m.database_path.empty()) {
    page << "— (no motif database: install pyjaspar, set LNC_JASPAR_DB, or run `lnctrain motifs --jaspar FILE`)\n";
    return page.str();
  }
  bool any = false;
  for (const auto& r : runs) {
    if (r.run.status != "done") continue;
    const std::string method = motifs::default_motif_method(store, r.run.id);
    if (method.empty()) continue;
    any = true;
    const std::string dir = "motifs_run" + std::to_string(r.run.id);
    page << "Run " << r.run.id << " (" << r.run.task << ", " << r.run.model << "), method " << method << ": ";
    try {
      const auto windows = motifs::run_windows(store, r.run.id, method, m.token_file(r.run));
      const auto found = motifs::run_motifs(windows, method, m.database, {}, {});
      for (const auto& f : motifs::write_motif_files(found, out_dir + "/" + dir)) written.push_back(dir + "/" + f);
      // Genome-built datasets also get bedGraph tracks of that method (GUE's CSVs have no coordinates: none).
      std::vector<tracks::GenomicRow> genome;
      try {
        genome = tracks::read_genomic_rows(tracks::test_split_source(m.token_file(r.run)));
      } catch (const InputError&) {
      }
      if (!genome.empty()) {
        const auto t = tracks::write_bedgraph_tracks(store.importance(r.run.id, "test", method), genome,
                                                     "run " + std::to_string(r.run.id) + " " + method,
                                                     out_dir + "/" + dir, "importance_" + method);
        for (const auto& f : t.written) written.push_back(dir + "/" + f);
        page << "bedGraph tracks of " << t.rows << " windows: [+ strand genes](" << dir << "/" << t.written[0]
             << "), [- strand genes](" << dir << "/" << t.written[1] << "). ";
      }
      page << found.motifs.size() << " motifs from " << found.seqlets << " seqlets in " << found.scored_windows
           << " scored windows ([all](" << dir << "/motifs.tsv)).\n\n";
      if (found.motifs.empty()) continue;
      page << "| rank | consensus | sites | enrichment | p | best match | similarity | q | mean offset from TSS | logo "
              "|\n|---|---|---|---|---|---|---|---|---|---|\n";
      for (std::size_t i = 0; i < found.motifs.size() && i < 5; ++i) {
        const auto& mo = found.motifs[i];
        char nums[160];
        std::snprintf(nums, sizeof nums, "%.3g | %.3g", mo.enrichment, mo.p_value);
        page << "| " << i + 1 << " | " << motifs::consensus(mo.pwm) << " | " << mo.sites.size() << " | " << nums << " | ";
        if (!found.matches[i].empty()) {
          const auto& b = found.matches[i][0];
          std::snprintf(nums, sizeof nums, "%.3f | %.3g", b.similarity, b.q_value);
          page << b.id << " " << b.name << " | " << nums;
        } else {
          page << "— | — | —";
        }
        std::snprintf(nums, sizeof nums, "%.1f", mo.mean_offset_from_tss);
        page << " | " << nums << " | ![motif " << i + 1 << "](" << dir << "/motif" << i + 1 << ".png) |\n";
      }
      page << "\n";
    } catch (const std::exception& e) {
      page << "no motifs: " << e.what() << "\n\n";
    }
  }
  if (!any) page << "— (no finished run has stored test-split importances)\n";
  return page.str();
}

}  // namespace

void write_report(const std::string& store_path, const std::string& out_dir, std::ostream& summary,
                  const ReportMotifs* motifs) {
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

  page << "### Figure 2: importance per base (test split), per method\n\n";
  bool any_figure = false;
  for (const auto& r : runs) {
    for (const auto& method : store.importance_methods(r.run.id, "test")) {
      const auto rows = store.importance(r.run.id, "test", method);
      if (rows.empty()) continue;
      // The study groups task 3's genes by expression, which is that task's label; other tasks have no expression
      // per sequence, so their panels are their own classes and the caption says so.
      auto cell = study_cell(r.run);
      const bool by_expression = cell && cell->task == 3;
      ImportanceGroups groups;
      if (!by_expression) groups = ImportanceGroups{{"class 0 (label 0)", "class 1 (label 1)"}};
      const bool attention = method == "attention";
      const std::string stem = "figure2_run" + std::to_string(r.run.id) + (attention ? "" : "_" + method);
      const std::string label = method_label(method);
      const std::string what = "run " + std::to_string(r.run.id) + " (" + r.run.task + ", " + r.run.model + ", " +
                               std::to_string(r.run.length) + " bp, seed " + std::to_string(r.run.seed) + ")";
      const std::size_t drawn = write_importance_heatmap(rows, label + " per base, " + what,
                                                         out_dir + "/" + stem + "_heatmap.png", groups);
      written.push_back(stem + "_heatmap.png");
      if (drawn != rows.size())
        summary << "run " << r.run.id << ": " << rows.size() - drawn
                << " importance rows with a label other than 0/1 are not drawn\n";
      write_importance_curve(rows, "Mean " + label + ", " + what, out_dir + "/" + stem + "_mean.png", groups);
      written.push_back(stem + "_mean.png");
      page << "- " << label << ", " << what << ", " << rows.size() << " test sequences, grouped by "
           << (by_expression ? "expression (highly = label 1, lowly = label 0; the study's grouping)"
                             : "the task's class label (no expression grouping: the dataset has none per sequence)")
           << ": ![heatmap](" << stem << "_heatmap.png) ![mean](" << stem << "_mean.png)\n";
      any_figure = true;
    }
  }
  if (!any_figure) page << "— (no run has stored test-split importances)\n";
  if (motifs) page << "\n" << motif_section(store, runs, *motifs, out_dir, written);

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
