#pragma once
// Runs a grid on all ranks of the job, in phases: one per distinct group size among the points still to run
// (launcher/grid/group_size_plan.h), largest first. In a phase the ranks are split into groups of that size
// (launcher/grid/rank_groups.h, one c10d process group each); each group
// takes grid points one at a time from the coordinator's queue on world rank 0 (launcher/grid/grid_coordinator.h),
// trains them with checkpoints under <output_dir>/<hash16>/checkpoint (trainer/checkpoint/) and sends the result
// back; rank 0 alone writes the results store. Every run also leaves <output_dir>/<hash16>/config.toml (the run's
// identity text, config/run_identity.h) and
// log.txt (appended by each attempt; a resumed attempt logs "resumed from step N"; after training each attempt logs
// "gradient all-reduce: MIN..MAX bytes per step over N steps; trainable parameters: P (B bytes)", the bytes the
// gradient collectives were handed, measured per step, 0 on a single rank); a finished LoRA run also
// leaves adapter/ (and merged/ when asked), trainer/lora/lora_run_export.h. The checkpoint directory of a finished
// run is removed; the run directory stays. Between phases all ranks
// synchronise (an all-reduce over the world) and agree whether to go on: after a stop request they skip the
// remaining phases. A phase whose points are all done is not entered.
// Test-only fault injection (off unless set): launcher/grid/fault_injection.h.
// Every collective of a group is watched (cluster/collective_watchdog.h) with the running point's
// [parallelism] collective_timeout_s; a hang ends the job with kExitCollectiveHang (75,
// launcher/grid/collective_hang.h).
// Messages go through launcher/grid/grid_channels.h; every MPI call is checked (cluster/mpi_call.h), and a failed
// one (a CommunicationError, on this thread or the coordinator's) aborts the whole job with the call and MPI's error
// text, since the other ranks may be waiting for this one.
#include "config/run_config.h"

namespace lnc::cluster {
class MpiEnvironment;
}

namespace lnc::launcher {

struct GridOptions {
  bool rerun_failed = false;
  double progress_seconds = 10;
};

// Exit codes (the same on every rank): 0 every point done (or skipped); 3 some point failed; 128 + signal
// (143 SIGTERM, 138 SIGUSR1) when a preemption signal stopped the grid after checkpointing
// (cluster/preemption_signal.h); 75 when a group hung in a collective (launcher/grid/collective_hang.h).
inline constexpr int kExitSomeFailed = 3;
int execute_grid(const config::GridConfig& grid, cluster::MpiEnvironment& mpi, const GridOptions& options);

}  // namespace lnc::launcher
