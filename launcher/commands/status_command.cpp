// `lnctrain status --store FILE [--grid FILE] [--set KEY=VALUE ...] [--json]`: done / running (step, ETA) /
// queued / failed (first error line) per grid of a store, and with --grid the points not yet in it
// (launcher/status/grid_status.h). The store is opened read-only.
#include <CLI/CLI.hpp>

#include <chrono>
#include <iostream>
#include <memory>

#include "config/config_overrides.h"
#include "config/run_config.h"
#include "launcher/commands/commands.h"
#include "launcher/status/grid_status.h"
#include "results/store/results_store.h"

namespace lnc::launcher {

void add_status_command(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand("status", "Where the grids of a results store stand: done, running (step, ETA), "
                                           "queued, failed; with --grid the points not yet in the store");
  auto store = std::make_shared<std::string>();
  auto grid = std::make_shared<std::string>();
  auto sets = std::make_shared<std::vector<std::string>>();
  auto json = std::make_shared<bool>(false);
  cmd->add_option("--store", *store, "results store (SQLite)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--grid", *grid, "grid file: its points absent from the store show as new");
  cmd->add_option("--set", *sets, "KEY=VALUE: as for train, applied to --grid (repeatable)");
  cmd->add_flag("--json", *json, "the same data as JSON");
  cmd->callback([store, grid, sets, json, &result] {
    results::ResultsStore s(*store, /*read_only=*/true);
    std::unique_ptr<config::GridConfig> g;
    if (!grid->empty())
      g = std::make_unique<config::GridConfig>(config::load_grid_config(*grid, config::parse_overrides(*sets)));
    const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    const auto status = grid_status(s, g.get(), now);
    std::cout << (*json ? status_json(*store, status) : status_table(status));
    result.exit_code = 0;
  });
}

}  // namespace lnc::launcher
