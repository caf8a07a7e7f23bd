// `lnctrain train --grid FILE` (or `lnctrain --grid FILE`): run a grid under mpirun.
#include <CLI/CLI.hpp>

#include "cluster/mpi_environment.h"
#include "launcher/commands/commands.h"
#include "config/config_overrides.h"
#include "config/run_config.h"
#include "launcher/grid/grid_dry_run.h"
#include "launcher/grid/grid_execution.h"
#include "launcher/preflight/context_fit.h"
#include "launcher/preflight/preflight.h"
#include "base/input_error.h"

#include <cstdlib>
#include <iostream>

namespace lnc::launcher {

void add_train_command(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand("train", "Run every point of a grid file (under mpirun) into its results store");
  auto grid_path = std::make_shared<std::string>();
  auto options = std::make_shared<GridOptions>();
  cmd->add_option("--grid", *grid_path, "grid file (configs/*.toml)")->required();
  cmd->add_flag("--rerun-failed", options->rerun_failed, "run again the points recorded as failed");
  auto dry_run = std::make_shared<bool>(false);
  auto ranks = std::make_shared<int>(0);
  cmd->add_flag("--dry-run", *dry_run, "print the expanded grid, its placement and estimated cost; run nothing");
  cmd->add_option("--ranks", *ranks, "world size the dry run places on (default: $SLURM_NTASKS, else 1)")
      ->check(CLI::PositiveNumber);
  auto sets = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--set", *sets, "KEY=VALUE: override a grid key (VALUE is TOML; repeatable; README, Configuration)");
  auto no_preflight = std::make_shared<bool>(false);
  cmd->add_flag("--no-preflight", *no_preflight,
                "start without the pre-flight input checks of every point (launcher/preflight/preflight.h)");
  cmd->add_option("--progress-seconds", options->progress_seconds, "seconds between progress lines on rank 0")
      ->check(CLI::PositiveNumber);
  cmd->callback([grid_path, options, dry_run, ranks, sets, no_preflight, &result] {
    // Parse and validate the whole grid before MPI or any training starts: an invalid config runs nothing.
    auto grid = config::load_grid_config(*grid_path, config::parse_overrides(*sets));
    if (*dry_run) {
      int world = *ranks;
      if (world <= 0) {
        const char* slurm = std::getenv("SLURM_NTASKS");
        world = slurm && std::atoi(slurm) > 0 ? std::atoi(slurm) : 1;
      }
      print_dry_run(grid, world, options->rerun_failed, std::cout);
      // The submission's verdict too: a point it would refuse makes the dry run fail the same way.
      const auto problems = context_fit_message(context_fit_problems(grid));
      if (!problems.empty()) std::cout << "refused at submission:\n" << problems << "\n";
      result.exit_code = problems.empty() ? 0 : 2;
      return;
    }
    // Refused before MPI starts anything: a point whose rows do not fit its model (launcher/preflight/context_fit.h).
    if (const auto problems = context_fit_message(context_fit_problems(grid)); !problems.empty())
      throw InputError(grid.file + ": " + problems);
    cluster::MpiEnvironment mpi(nullptr, nullptr);
    // Every point's inputs on every node before the first point starts: a bad tenth point fails now, not hours in.
    if (!*no_preflight) {
      if (const int problems = run_preflight(grid, mpi, options->rerun_failed, std::cerr)) {
        if (mpi.rank() == 0)
          std::cerr << "lnctrain: error: the pre-flight found " << problems
                    << " problem(s); no point was started (fix them, or skip the checks with --no-preflight)"
                    << std::endl;
        result.exit_code = 2;
        return;
      }
    }
    result.exit_code = execute_grid(grid, mpi, *options);
  });
}

}  // namespace lnc::launcher
