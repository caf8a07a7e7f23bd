// `lnctrain report --store FILE [--out DIR]`: the per-run table on stdout, and the study's tables (markdown,
// CSV, LaTeX) and Figure 2 written under DIR (default: the store's path without extension + "_report").
#include <CLI/CLI.hpp>

#include <iostream>

#include "launcher/commands/commands.h"
#include "results/report/report_writer.h"

namespace lnc::launcher {

void add_report_command(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand("report", "Render a results store: per-run table, the study's Tables 1-4, Figure 2");
  auto store = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("--store", *store, "results store (SQLite)")->required();
  cmd->add_option("--out", *out, "output directory (default: <store without extension>_report)");
  cmd->callback([store, out, &result] {
    std::string dir = *out;
    if (dir.empty()) {
      auto dot = store->find_last_of('.');
      auto slash = store->find_last_of('/');
      dir = (dot != std::string::npos && (slash == std::string::npos || dot > slash) ? store->substr(0, dot) : *store) +
            "_report";
    }
    results::write_report(*store, dir, std::cout);
    result.exit_code = 0;
  });
}

}  // namespace lnc::launcher
