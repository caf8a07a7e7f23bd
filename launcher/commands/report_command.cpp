// `lnctrain report --store FILE [--out DIR]`: the per-run table on stdout, and the study's tables (markdown,
// CSV, LaTeX), Figure 2 per importance method and the motif section written under DIR (default: the store's path
// without extension + "_report"). Motifs are matched against --jaspar FILE, else the default JASPAR database
// (results/motifs/motif_database.h); without one the section says how to get it.
#include <CLI/CLI.hpp>

#include <iostream>

#include "launcher/commands/commands.h"
#include "launcher/commands/run_token_file.h"
#include "results/motifs/motif_database.h"
#include "results/report/report_writer.h"

namespace lnc::launcher {

void add_report_command(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand("report", "Render a results store: per-run table, the study's Tables 1-4, Figure 2");
  auto store = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("--store", *store, "results store (SQLite)")->required();
  cmd->add_option("--out", *out, "output directory (default: <store without extension>_report)");
  auto jaspar = std::make_shared<std::string>();
  cmd->add_option("--jaspar", *jaspar, "motif database for the motif section (JASPAR SQLite, JASPAR or MEME file)");
  cmd->callback([store, out, jaspar, &result] {
    std::string dir = *out;
    if (dir.empty()) {
      auto dot = store->find_last_of('.');
      auto slash = store->find_last_of('/');
      dir = (dot != std::string::npos && (slash == std::string::npos || dot > slash) ? store->substr(0, dot) : *store) +
            "_report";
    }
    results::ReportMotifs motifs;
    motifs.database_path = jaspar->empty() ? results::motifs::default_jaspar_database() : *jaspar;
    if (!motifs.database_path.empty()) motifs.database = results::motifs::read_motif_database(motifs.database_path);
    const std::string store_path = *store;
    motifs.token_file = [store_path](const results::RunRecord& run) { return run_token_file(run, store_path); };
    results::write_report(*store, dir, std::cout, &motifs);
    result.exit_code = 0;
  });
}

}  // namespace lnc::launcher
