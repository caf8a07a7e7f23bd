#include "launcher/grid/grid_execution.h"

#include <torch/torch.h>

#include <unistd.h>

#include <chrono>
#include <algorithm>
#include <climits>
#include <functional>
#include <fstream>
#include <iostream>
#include <memory>

#include "cluster/communication_error.h"
#include "cluster/device_choice.h"
#include "cluster/duplicated_comm.h"
#include "cluster/mpi_call.h"
#include "cluster/mpi_environment.h"
#include "cluster/node_description.h"
#include "cluster/preemption_signal.h"
#include "cluster/process_group.h"
#include "base/atomic_file.h"
#include "base/input_error.h"
#include "base/remove_tree.h"
#include "launcher/grid/attempt_limit.h"
#include "launcher/grid/collective_hang.h"
#include "cluster/collective_watchdog.h"
#include "launcher/grid/fault_injection.h"
#include "launcher/grid/grid_coordinator.h"
#include "launcher/grid/grid_channels.h"
#include "launcher/grid/group_size_plan.h"
#include "launcher/grid/prediction_messages.h"
#include "launcher/grid/rank_groups.h"
#include "results/run_status.h"
#include "results/store/results_store.h"
#include "trainer/checkpoint/checkpoint_directory.h"
#include "trainer/checkpoint/run_control.h"
#include "trainer/error_text.h"
#include "trainer/training_run.h"

namespace lnc::launcher {
namespace {

using cluster::check_mpi;
using results::RunStatus;

// The leader asks the coordinator for a point; the group learns it from its leader.
Assignment next_assignment(const RankGroups& groups, GridChannels& channels, cluster::ProcessGroup& pg) {
  Assignment a;
  if (groups.leader()) {
    // A leader that got a stop signal asks to be released (and so stops the whole grid).
    channels.send_request(Request{groups.index(), cluster::preemption_requested()});
    a = channels.receive_assignment();
  }
  std::int64_t message[2] = {a.point, a.run_id};
  const auto watched = pg.watch_begin("assignment broadcast");
  check_mpi(MPI_Bcast(message, 2, MPI_INT64_T, 0, groups.comm()), "MPI_Bcast");
  pg.watch_end(watched);
  return Assignment{message[0], message[1]};
}

int world_rank() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

// Hangs outside a point (none issues collectives there today; a safe default for the phase's group).
std::function<void(const cluster::CollectiveHang&)> between_points_handler(const RankGroups& groups,
                                                                           GridChannels& channels) {
  HangContext context{groups.index(), group_ranks_label(groups.index(), groups.group_size()), -1, "", "",
                      world_rank(), 900};
  return [context, &channels](const cluster::CollectiveHang& hang) {
    HangContext c = context;
    c.timeout_seconds = hang.timeout_seconds;
    report_collective_hang(hang, c, channels);
  };
}

// One grid point on this group; every rank of the group returns the same status.
RunResult run_point(const config::GridConfig& grid, std::int64_t point, const RankGroups& groups,
                    GridChannels& channels, cluster::ProcessGroup& pg, const cluster::DeviceChoice& device) {
  const auto& run = grid.points[static_cast<size_t>(point)];
  const std::string run_dir = run_directory(run);
  std::ofstream log_file;
  if (groups.leader()) {
    make_directories(run_dir);
    write_file_atomic(run_dir + "/config.toml", run.canonical_toml);
    log_file.open(run_dir + "/log.txt", std::ios::app);
  }
  const std::string tag = "[" + std::to_string(point + 1) + "/" + std::to_string(grid.points.size()) + "] " +
                          run.model.name + " " + run.data.task + " seed " + std::to_string(run.training.seed);
  auto log = [&](const std::string& line) {
    if (!groups.leader()) return;
    std::cout << tag << ": " << line << std::endl;
    log_file << line << std::endl;
  };
  // Start and end go to the run's log only: rank 0's coordinator prints them for the whole grid.
  auto log_file_only = [&](const std::string& line) {
    if (groups.leader()) log_file << line << std::endl;
  };
  log_file_only("started on group " + std::to_string(groups.index()) + " (world ranks " +
                group_ranks_label(groups.index(), groups.group_size()) + ") at " + results::ResultsStore::now_utc());

  trainer::RunControl control;
  control.checkpoint_dir = run_dir + "/checkpoint";
  control.run_dir = run_dir;
  control.checkpoint_every = run.training.checkpoint_every;
  control.stop_requested = [] { return cluster::preemption_requested(); };
  // The watchdog reports hangs of this point with its name and log, and by its own timeout.
  pg.set_collective_timeout(run.parallelism.collective_timeout_s);
  pg.watch_step(0);
  HangContext hang_context{groups.index(), group_ranks_label(groups.index(), groups.group_size()), point, tag, run_dir,
                           world_rank(), run.parallelism.collective_timeout_s};
  pg.on_collective_hang([hang_context, &channels](const cluster::CollectiveHang& hang) {
    report_collective_hang(hang, hang_context, channels);
  });
  control.on_checkpoint = [&](std::int64_t step) {
    stop_after_checkpoint_if_requested(world_rank(), step);  // test-only (launcher/grid/fault_injection.h)
    if (!hold_after_checkpoint_requested()) return;  // test-only (launcher/grid/fault_injection.h)
    log_file_only("test hook: holding after the checkpoint at step " + std::to_string(step) + " (pid " +
                  std::to_string(::getpid()) + ")");
    hold_until_killed();
  };
  auto last_report = std::chrono::steady_clock::now() - std::chrono::hours(1);
  control.on_step = [&](std::int64_t step, std::int64_t total) {
    pg.watch_step(step + 1);
    if (step == hold_at_step_requested()) {  // test-only (launcher/grid/fault_injection.h)
      log_file_only("test hook: holding at step " + std::to_string(step) + " (pid " + std::to_string(::getpid()) + ")");
      hold_until_killed();
    }
    const auto now = std::chrono::steady_clock::now();
    if (!groups.leader() || (step < total && now - last_report < std::chrono::seconds(1))) return;
    last_report = now;
    channels.send_progress(Progress{point, step, total});
  };

  RunResult result;
  result.group = groups.index();
  result.point = point;
  const auto started = std::chrono::steady_clock::now();
  trainer::RunOutcome outcome;
  int code = 0;  // 0 done, 1 failed, 2 interrupted
  try {
    outcome = trainer::train_and_evaluate(run, pg, device, log, &control);
  } catch (const trainer::TrainingInterrupted& e) {
    code = 2;
    result.steps = e.step();
    log(std::string("checkpointed at step ") + std::to_string(e.step()) + " and stopped (signal " +
        std::to_string(cluster::preemption_signal()) + ")");
  } catch (const cluster::CommunicationError&) {
    throw;  // a progress message failed: not the run's failure, the job's (execute_grid aborts it)
  } catch (const std::exception& e) {
    code = 1;
    result.error = trainer::error_text(e);
  }
  // Agree on the outcome: a failure on any rank fails the point on all of them (the group stays usable).
  int agreed = code;
  const auto watched = pg.watch_begin("outcome agreement");
  check_mpi(MPI_Allreduce(&code, &agreed, 1, MPI_INT, MPI_MAX, groups.comm()), "MPI_Allreduce");
  pg.watch_end(watched);
  if (agreed == 1 && code != 1) result.error = "failed on another rank of group " + std::to_string(groups.index());
  result.status = agreed == 0 ? RunStatus::done : agreed == 1 ? RunStatus::failed : RunStatus::interrupted;
  // Provenance: every rank of the group takes part in the gathering of host names (a collective on its comm).
  result.hosts = cluster::rank_hosts(groups.comm());
  result.device = cluster::device_name(device);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (agreed == 0) result.steps = outcome.steps;
  if (agreed == 0) result.metrics = outcome.metrics;
  if (agreed == 0) result.curve = outcome.curve;
  // The importance message is one MPI send of at most INT_MAX bytes; more (a huge uncapped test split) is dropped
  // with a log line rather than failing a finished run.
  if (agreed == 0 && importance_to_bytes_size(outcome.importance) <= static_cast<std::size_t>(INT_MAX))
    result.importance = std::move(outcome.importance);
  else if (agreed == 0)
    log("attention importance not recorded: " + std::to_string(outcome.importance.size()) +
        " rows exceed one message; lower [evaluation] importance_max_sequences");
  result.importance_rows = static_cast<std::int64_t>(result.importance.size());
  // The same cap for the predictions message (a split of tens of millions of rows).
  if (agreed == 0 && predictions_to_bytes_size(outcome.predictions) <= static_cast<std::size_t>(INT_MAX))
    result.predictions = std::move(outcome.predictions);
  else if (agreed == 0)
    log("predictions not recorded: " + std::to_string(outcome.predictions.size()) + " rows exceed one message");
  result.prediction_rows = static_cast<std::int64_t>(result.predictions.size());
  result.resumed_from_step = control.resumed_from_step;
  if (agreed == 1) log_file_only("FAILED: " + result.error);
  if (agreed == 0) log_file_only("done in " + std::to_string(result.seconds) + " s");
  pg.on_collective_hang(between_points_handler(groups, channels));
  if (groups.leader()) {
    channels.send_result(result);  // with its importance and predictions messages when it has rows
    // A finished run needs no checkpoint; its results are on their way to the store.
    if (agreed == 0) remove_tree(control.checkpoint_dir);
  }
  return result;
}

int run_grid(const config::GridConfig& grid, cluster::MpiEnvironment& mpi, const GridOptions& options) {
  cluster::install_preemption_handlers();
  if (!mpi.thread_multiple() && mpi.size() > 1)
    throw std::runtime_error("the MPI library does not provide MPI_THREAD_MULTIPLE, which the grid coordinator needs");
  // The same on every rank (a formula over the config): which group size each point trains on.
  std::vector<int> size_of_point;
  for (const auto& c : choose_group_sizes(grid, mpi.size())) size_of_point.push_back(c.size);
  // Device and threads are settings of the whole job: the config parser refuses grids whose points differ in them
  // (config/run_config.h), so the first point's are every point's.
  const auto& first = grid.points.front();
  auto device = cluster::choose_device(first.training.device, mpi.local_rank());
  torch::set_num_threads(trainer::threads_per_rank(first.training.threads_per_rank, mpi.local_size()));
  GridChannels channels = GridChannels::open_mpi(mpi.world());
  // The world's collectives of the grid, on a duplicate that returns errors (MPI_COMM_WORLD keeps aborting).
  cluster::DuplicatedComm world(mpi.world());

  // Rank 0 opens the store before anyone trains; a bad store stops every rank with its message.
  std::unique_ptr<GridCoordinator> coordinator;
  std::string store_error;
  if (mpi.rank() == 0) {
    try {
      CoordinatorSettings settings{options.rerun_failed, mpi.size(), size_of_point, options.progress_seconds};
      coordinator = std::make_unique<GridCoordinator>(grid, channels, settings);
    } catch (const std::exception& e) {
      store_error = e.what();
    }
  }
  int ok = store_error.empty();
  check_mpi(MPI_Bcast(&ok, 1, MPI_INT, 0, world.get()), "MPI_Bcast");
  if (!ok) {
    channels.close();
    if (mpi.rank() == 0) throw InputError(store_error);
    throw std::runtime_error("rank 0 could not open the results store");
  }
  // The phases with something to run (only rank 0 knows what the store holds).
  std::vector<int> phases = coordinator ? coordinator->phase_group_sizes() : std::vector<int>{};
  int num_phases = static_cast<int>(phases.size());
  check_mpi(MPI_Bcast(&num_phases, 1, MPI_INT, 0, world.get()), "MPI_Bcast");
  phases.resize(static_cast<size_t>(num_phases));
  if (num_phases > 0) check_mpi(MPI_Bcast(phases.data(), num_phases, MPI_INT, 0, world.get()), "MPI_Bcast");
  if (coordinator) {
    std::cout << "lnctrain: grid " << grid.file << ": " << grid.points.size() << " point(s) on " << mpi.size()
              << " rank(s), group sizes";
    for (size_t p = 0; p < phases.size(); ++p)
      std::cout << (p ? ", then " : " ") << phases[p] << " (" << mpi.size() / phases[p] << " group(s))";
    if (phases.empty()) std::cout << " - (nothing to run)";
    std::cout << ", device " << device.device << " (" << device.backend << "), " << torch::get_num_threads()
              << " thread(s) per rank" << std::endl;
    coordinator->start();
  }

  int failed = 0, interrupted = 0;
  for (size_t p = 0; p < phases.size(); ++p) {
    if (p > 0) {
      // Between phases every rank synchronises and they agree whether to go on: not after a stop request
      // (a signal on any rank, an interrupted run, or the coordinator stopping).
      int go = !(interrupted || cluster::preemption_requested() || (coordinator && coordinator->stopping()));
      int all = 0;
      check_mpi(MPI_Allreduce(&go, &all, 1, MPI_INT, MPI_MIN, world.get()), "MPI_Allreduce");
      if (!all) {
        if (coordinator) coordinator->finish_early();
        break;
      }
    }
    RankGroups groups(world.get(), phases[p]);
    // The backends' timeouts are fixed when the group is built: the largest of the phase's points'.
    double timeout = 0;
    for (size_t i = 0; i < grid.points.size(); ++i)
      if (size_of_point[i] == phases[p]) timeout = std::max(timeout, grid.points[i].parallelism.collective_timeout_s);
    cluster::ProcessGroup pg(groups.comm(), device,
                             "lnctrain/phase" + std::to_string(p) + "/group" + std::to_string(groups.index()),
                             timeout > 0 ? timeout : 900);
    pg.on_collective_hang(between_points_handler(groups, channels));
    for (;;) {
      const Assignment a = next_assignment(groups, channels, pg);
      if (a.point < 0) break;
      const RunResult r = run_point(grid, a.point, groups, channels, pg, device);
      if (r.status == RunStatus::failed) ++failed;
      // After an interrupted run the loop asks once more: the coordinator, now stopping, releases the group.
      if (r.status == RunStatus::interrupted) interrupted = 1;
    }
  }
  CoordinatorSummary summary;
  if (coordinator) summary = coordinator->join();

  // One exit code for the whole job.
  int local[2] = {interrupted || cluster::preemption_requested() ? cluster::preemption_exit_code() : 0,
                  failed + summary.failed};
  int global[2] = {0, 0};
  check_mpi(MPI_Allreduce(local, global, 2, MPI_INT, MPI_MAX, world.get()), "MPI_Allreduce");
  if (coordinator) {
    std::printf("lnctrain: %d done, %d failed, %d interrupted, %d skipped; wall %.1f s; packing efficiency %.3f "
                "(busy %.1f rank-s / (%d ranks x %.1f s))\n",
                summary.done, summary.failed, summary.interrupted, summary.skipped, summary.wall_seconds,
                summary.packing_efficiency(), summary.busy_rank_seconds, summary.total_ranks, summary.wall_seconds);
    std::fflush(stdout);
  }
  channels.close();
  world.free();
  if (global[0]) return global[0];
  return global[1] ? kExitSomeFailed : 0;
}

}  // namespace

int execute_grid(const config::GridConfig& grid, cluster::MpiEnvironment& mpi, const GridOptions& options) {
  try {
    return run_grid(grid, mpi, options);
  } catch (const cluster::CommunicationError& e) {
    // The other ranks may be waiting for this one: end the job, as MPI's default handler would have.
    cluster::abort_job(e.what());
  }
}

}  // namespace lnc::launcher
