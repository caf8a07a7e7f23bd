// `lnctrain doctor --grid FILE`, under the same mpirun or srun as the job: what each rank runs on, the all-reduce
// bandwidth of the world and of the groups the grid's plan forms, and the pre-flight's input checks
// (launcher/preflight/preflight.h). Exit 0 when all is well, 2 when the pre-flight found something to fix.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <set>

#include "cluster/device_choice.h"
#include "cluster/mpi_environment.h"
#include "config/config_overrides.h"
#include "config/run_config.h"
#include "launcher/commands/commands.h"
#include "launcher/grid/group_size_plan.h"
#include "launcher/preflight/allreduce_bandwidth.h"
#include "launcher/preflight/preflight.h"
#include "launcher/preflight/rank_report.h"
#include "trainer/bench/torch_threads.h"

namespace lnc::launcher {

void add_doctor_command(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand("doctor",
                                 "Check a grid before submitting it: ranks, devices, all-reduce bandwidth, inputs "
                                 "of every point, store, output directory and disk (run under mpirun/srun)");
  auto grid_path = std::make_shared<std::string>();
  auto sets = std::make_shared<std::vector<std::string>>();
  auto rerun_failed = std::make_shared<bool>(false);
  auto mib = std::make_shared<double>(8);
  cmd->add_option("--grid", *grid_path, "grid file (configs/*.toml)")->required();
  cmd->add_option("--set", *sets, "KEY=VALUE: override a grid key, as for train (repeatable)");
  cmd->add_flag("--rerun-failed", *rerun_failed, "check the failed points too, as train --rerun-failed would run them");
  cmd->add_option("--bandwidth-mib", *mib, "MiB per all-reduce of the bandwidth test (default 8)")
      ->check(CLI::PositiveNumber);
  cmd->callback([grid_path, sets, rerun_failed, mib, &result] {
    auto grid = config::load_grid_config(*grid_path, config::parse_overrides(*sets));
    cluster::MpiEnvironment mpi(nullptr, nullptr);
    const auto& first = grid.points.front();
    const auto device = cluster::choose_device(first.training.device, mpi.local_rank());
    const int threads = trainer::set_torch_threads(first.training.threads_per_rank, mpi.local_size());
    print_rank_reports(mpi.world(), rank_report_line(mpi.rank(), mpi.local_rank(), mpi.local_size(), device, threads),
                       std::cout);
    std::set<int> sizes{mpi.size()};
    for (const auto& c : choose_group_sizes(grid, mpi.size())) sizes.insert(c.size);
    std::vector<int> ordered(sizes.rbegin(), sizes.rend());
    if (mpi.size() == 1 && mpi.rank() == 0) std::cout << "lnctrain doctor: all-reduce: one rank, nothing to measure" << std::endl;
    measure_allreduce_bandwidth(mpi, device, ordered, static_cast<std::int64_t>(*mib * 1024 * 1024), 5, std::cout);
    const int problems = run_preflight(grid, mpi, *rerun_failed, std::cout);
    result.exit_code = problems ? 2 : 0;
  });
}

}  // namespace lnc::launcher
