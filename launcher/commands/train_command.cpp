// `lnctrain train --grid FILE` (or `lnctrain --grid FILE`): run a grid under mpirun.
#include <CLI/CLI.hpp>

#include "cluster/mpi_environment.h"
#include "launcher/commands/commands.h"
#include "launcher/config/run_config.h"
#include "launcher/grid/grid_execution.h"

namespace lnc::launcher {

void add_train_command(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand("train", "Run every point of a grid file (under mpirun) into its results store");
  auto grid_path = std::make_shared<std::string>();
  auto options = std::make_shared<GridOptions>();
  cmd->add_option("--grid", *grid_path, "grid file (configs/*.toml)")->required();
  cmd->add_flag("--rerun-failed", options->rerun_failed, "run again the points recorded as failed");
  cmd->callback([grid_path, options, &result] {
    // Parse and validate the whole grid before MPI or any training starts: an invalid config runs nothing.
    auto grid = config::load_grid_config(*grid_path);
    cluster::MpiEnvironment mpi(nullptr, nullptr);
    result.exit_code = execute_grid(grid, mpi, *options);
  });
}

}  // namespace lnc::launcher
