#pragma once
// The ETA of a running grid, as pure functions (the coordinator feeds them; tests/unit/grid_eta_test.cpp).
//
// Why not "elapsed x remaining work / work done" over the whole grid (what the first version printed): that
// rate mixes points of different cost and group, counts a resumed run's earlier steps as done in this
// submission, and a point whose cost estimate is off (the TF-IDF baseline finishing in seconds) makes every other
// point look fast; the quickstart showed ~1 min with 360 steps of its BERT point left.
//
// Now:
//   - a running point's remaining time comes from its own measured step rate: (total - step) x seconds per step,
//     where seconds per step is measured between the first and the latest progress report of this attempt (so
//     start-up and earlier attempts do not count), minus the time since the latest report;
//   - a queued point's time is its cost estimate (launcher/grid/cost_estimate.h) x rank-seconds per unit of cost
//     (measured on the neural points that finished or are running: baselines do not calibrate) / its group size;
//   - the remaining schedule is replayed as the queue runs it: in the current phase each queued point goes to the
//     group that frees up first (running points occupy their groups until they end); each later phase starts when
//     the one before has ended, on world / group size groups.
// Unknown (NaN, printed "?") until something is measured that the estimate needs.
#include <cstdint>
#include <vector>

namespace lnc::launcher {

// One running point's progress reports (seconds on the coordinator's clock).
struct StepClock {
  double first_seconds = 0, last_seconds = 0;
  std::int64_t first_step = 0, last_step = 0, total_steps = 0;
  bool reported = false;

  void report(double seconds, std::int64_t step, std::int64_t total);
  bool has_rate() const { return reported && last_step > first_step && last_seconds > first_seconds; }
  double seconds_per_step() const;           // NaN without a rate
  double remaining_seconds(double now) const;  // >= 0; NaN without a rate
};

// Rank-seconds per unit of estimated cost, pooled over samples.
struct CostCalibration {
  double rank_seconds = 0, weight = 0;
  void add(double sample_rank_seconds, double sample_weight);
  double rank_seconds_per_weight() const;  // NaN before any sample
};

struct QueuedPhase {
  int num_groups = 1;
  int group_size = 1;
  std::vector<double> weights;  // queued points in hand-out order (their cost-estimate weights)
};

// `running`: remaining seconds of each group of the current phase (0 = idle, NaN = unknown); phases[0] is the
// current phase's queue (its num_groups must equal running.size()), later phases follow in run order.
double grid_eta_seconds(std::vector<double> running, const std::vector<QueuedPhase>& phases,
                        double rank_seconds_per_weight);

}  // namespace lnc::launcher
