// `lnctrain report --store FILE`: test metrics per run as a markdown table.
#include <CLI/CLI.hpp>

#include <iostream>

#include "launcher/commands/commands.h"
#include "results/report/run_table.h"

namespace lnc::launcher {

void add_report_command(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand("report", "Render the results store as tables (and figures with --out)");
  auto store = std::make_shared<std::string>();
  cmd->add_option("--store", *store, "results store (SQLite)")->required();
  cmd->callback([store, &result] {
    results::print_run_table(*store, std::cout);
    result.exit_code = 0;
  });
}

}  // namespace lnc::launcher
