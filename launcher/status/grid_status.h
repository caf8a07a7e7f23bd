#pragma once
// `lnctrain status --store FILE [--grid FILE] [--json]`: where each grid of a store stands, read from the store
// alone (no job console needed).
//
// Per grid (runs.grid_name, the grid's [job] name): counts of done, running, queued and failed runs, and
//   running  each running run with its step / total steps, the time since its latest recorded progress, and its ETA
//            from the step rate between the first and latest report of its attempt (results/store/run_progress.h,
//            launcher/grid/eta_estimate.h's StepClock; "?" until two reports). A run whose job died stays 'running'
//            in the store: its growing "last report" age tells.
//   failed   each failed run with the first line of its error
//   new      with --grid: the grid file's points (its [job] name, --set applied as for train) that the store does not
//            hold yet, counted under that grid
// Table (text, one block per grid) or, with --json, the same data:
//   {"store": path, "grids": [{"grid": name, "done": n, "running": n, "queued": n, "failed": n, "new": n,
//     "running_runs": [{"id", "label", "step", "total_steps", "seconds_since_report", "eta_seconds"}],
//     "failed_runs": [{"id", "label", "error"}]}]}
// with null for an unknown number (no report yet, or no rate).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lnc::config {
struct GridConfig;
}
namespace lnc::results {
class ResultsStore;
}

namespace lnc::launcher {

struct RunningRun {
  std::int64_t id = 0;
  std::string label;  // "task length bp model seed S"
  std::optional<std::int64_t> step, total_steps;
  std::optional<double> seconds_since_report, eta_seconds;
};

struct FailedRun {
  std::int64_t id = 0;
  std::string label, error;  // the error's first line
};

struct GridStatus {
  std::string grid;
  std::int64_t done = 0, queued = 0, new_points = 0;
  std::vector<RunningRun> running;
  std::vector<FailedRun> failed;
};

// `now_unix`: the clock the ETA and ages are measured against (seconds since the epoch). `grid`: the points to
// count as new when absent from the store (nullptr: none).
std::vector<GridStatus> grid_status(const results::ResultsStore& store, const config::GridConfig* grid,
                                    double now_unix);

std::string status_table(const std::vector<GridStatus>& grids);
std::string status_json(const std::string& store_path, const std::vector<GridStatus>& grids);

}  // namespace lnc::launcher
