#pragma once
// The dynamic queue of a grid, on world rank 0 in its own thread (rank 0 also trains in its group): it owns
// the results store (the only writer), hands the next grid point to whichever group asks, records each result in
// one transaction (with its test-split attention importances and, once per token file, the dataset's statistics;
// results/store/token_file_statistics.h), prints live progress (runs done/total, steps of the running points, ETA:
// launcher/grid/eta_estimate.h) and, at the end, the packing efficiency: busy rank-seconds / (ranks x wall seconds).
//
// Which points run: those not 'done' in the store (matched by config hash), and 'failed' ones only with
// --rerun-failed; 'queued' and 'running' ones (an earlier submission that was killed) run again and resume from
// their checkpoints, except a 'running' one whose attempts all died [job] max_attempts times: it is marked 'failed'
// (launcher/grid/attempt_limit.h). Points run in phases, one per distinct group size with something to run, largest first
// (launcher/grid/group_size_plan.h); each phase has its own queue, which hands out the most expensive points first
// (launcher/grid/cost_estimate.h). A phase ends when each of its groups has asked and got "no more work"; the
// next phase's requests come only after all ranks have synchronised (launcher/grid/grid_execution.cpp), so the
// coordinator moves to the next phase when it releases the last group of the current one.
// After a stop request (a signal on rank 0, or a group reporting an interrupted run) it hands out nothing more.
// A hang report (a group's collective watchdog fired) requeues that point and ends the job once the other groups
// have finished their current points, or one collective timeout later: launcher/grid/collective_hang.h.
// Messages come and go through GridChannels (launcher/grid/grid_channels.h): over MPI in a job, over in-process
// channels in tests/unit/grid_coordinator_test.cpp. A store failure stops the handing out (every group is then
// released and the job ends); a communication failure ends the job (GridChannels::abort), since the groups waiting
// for their answers could never be released.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "config/run_config.h"
#include "launcher/grid/eta_estimate.h"
#include "launcher/grid/grid_channels.h"

namespace lnc::results {
class ResultsStore;
}

namespace lnc::launcher {

struct CoordinatorSettings {
  bool rerun_failed = false;
  int world_size = 1;
  std::vector<int> group_size_of_point;  // per grid point (launcher/grid/group_size_plan.h)
  double progress_seconds = 10;  // between progress lines (also printed when a run finishes)
};

struct CoordinatorSummary {
  int done = 0, failed = 0, interrupted = 0, skipped = 0, total = 0, total_ranks = 0;
  double wall_seconds = 0, busy_rank_seconds = 0;
  double packing_efficiency() const;
};

class GridCoordinator {
 public:
  // Opens the store and registers every point (throws InputError on a bad store); does not start the thread.
  GridCoordinator(const config::GridConfig& grid, GridChannels channels, CoordinatorSettings settings);
  ~GridCoordinator();
  // The group size of each phase with something to run, in run order (what every rank must go through).
  std::vector<int> phase_group_sizes() const;
  void start();
  // True once nothing more will be handed out (a stop request or a store failure); safe from any thread.
  bool stopping() const { return stopping_; }
  // Called by rank 0's main thread at a phase boundary when the ranks agreed to skip the remaining phases:
  // the thread ends without waiting for their requests.
  void finish_early() { finish_early_ = true; }
  CoordinatorSummary join();  // after every group was told there is no more work (or finish_early)

 private:
  struct Phase {
    int group_size = 1, num_groups = 1;
    std::deque<std::int64_t> queue;
  };
  struct Running {
    std::int64_t point = -1;
    double started = 0;  // seconds since the coordinator started
    StepClock clock;
    double progress_recorded = -1e18;  // when its progress last went into the store (coordinator seconds)
  };
  void serve();
  void serve_messages();
  void on_request(int source);
  void on_result(int source);
  void on_progress(int source);
  void on_hang(int source);
  void end_job_after_hang_when_due();
  void print_progress(bool force);
  // A finished run's importance rows and, the first time its token file is seen, that file's dataset statistics.
  void record_run_extras(std::int64_t point, std::int64_t run_id, const std::vector<trainer::ImportanceRow>& importance,
                         const std::vector<trainer::PredictionRow>& predictions);
  double seconds_now() const;
  std::string tag(std::int64_t point) const;

  const config::GridConfig& grid_;
  GridChannels channels_;
  CoordinatorSettings settings_;
  std::unique_ptr<results::ResultsStore> store_;
  std::vector<Phase> phases_;
  size_t phase_ = 0;
  std::vector<std::int64_t> run_ids_;
  std::vector<double> weight_;
  std::map<std::int64_t, Running> running_;  // by group (of the current phase)
  std::set<std::string> statistics_recorded_;  // token files whose statistics are in the store (this job)
  int released_ = 0;  // groups of the current phase told "no more work"
  std::atomic<bool> stopping_{false}, finish_early_{false};
  std::set<std::int64_t> hung_groups_;  // of the current phase, reported by their watchdogs
  std::chrono::steady_clock::time_point hang_deadline_;
  CostCalibration calibration_;  // from finished points
  CoordinatorSummary summary_;
  std::chrono::steady_clock::time_point started_, last_progress_;
  std::thread thread_;
};

}  // namespace lnc::launcher
