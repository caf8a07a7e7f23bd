// `lnctrain report --store FILE [--variants FILE.tsv] [--jaspar FILE] [--out DIR]`: the per-run table on stdout,
// and the study's tables (markdown, CSV, LaTeX), Figure 2 per importance method and the motif section written
// under DIR (default: the store's path without extension + "_report"). Motifs are matched against --jaspar FILE,
// else the default JASPAR database (results/motifs/motif_database.h); without one the section says how to get it.
// `--variants` (a score-variants TSV) adds the largest effects and their figure
// (results/report/variant_effects_report.h); it may be given without --store (DIR default: the TSV's path without
// extension + "_report").
#include <CLI/CLI.hpp>

#include <iostream>

#include "base/input_error.h"
#include "launcher/commands/commands.h"
#include "launcher/commands/run_token_file.h"
#include "results/motifs/motif_database.h"
#include "results/report/report_writer.h"
#include "results/report/variant_effects_report.h"

namespace lnc::launcher {
namespace {

std::string default_dir(const std::string& path) {
  auto dot = path.find_last_of('.');
  auto slash = path.find_last_of('/');
  return (dot != std::string::npos && (slash == std::string::npos || dot > slash) ? path.substr(0, dot) : path) +
         "_report";
}

}  // namespace

void add_report_command(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand("report", "Render a results store: per-run table, the study's Tables 1-4, Figure 2");
  auto store = std::make_shared<std::string>();
  auto variants = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("--store", *store, "results store (SQLite)");
  cmd->add_option("--variants", *variants, "score-variants TSV: add its largest effects and effect-by-offset figure");
  cmd->add_option("--out", *out, "output directory (default: <store without extension>_report)");
  auto jaspar = std::make_shared<std::string>();
  cmd->add_option("--jaspar", *jaspar, "motif database for the motif section (JASPAR SQLite, JASPAR or MEME file)");
  cmd->callback([store, variants, out, jaspar, &result] {
    if (store->empty() && variants->empty()) throw InputError("report", 0, "", "give --store, --variants or both");
    const std::string dir = !out->empty() ? *out : default_dir(store->empty() ? *variants : *store);
    if (!store->empty()) {
      results::ReportMotifs motifs;
      motifs.database_path = jaspar->empty() ? results::motifs::default_jaspar_database() : *jaspar;
      if (!motifs.database_path.empty()) motifs.database = results::motifs::read_motif_database(motifs.database_path);
      const std::string store_path = *store;
      motifs.token_file = [store_path](const results::RunRecord& run) { return run_token_file(run, store_path); };
      results::write_report(*store, dir, std::cout, &motifs);
    }
    if (!variants->empty()) results::write_variant_report(*variants, dir, std::cout);
    result.exit_code = 0;
  });
}

}  // namespace lnc::launcher
