#pragma once
// Live progress of running points in the store (schema 7, table run_progress; documented in
// results/store/results_store.h), so that `lnctrain status` can show a running point's step and ETA without the
// job's console. The coordinator records a group's progress message at most every kProgressRecordSeconds per run
// (and its last step); the row keeps the first and the latest report of the current attempt (an attempt is
// runs.started_at: a new one restarts the clock), from which the step rate and the ETA follow
// (launcher/grid/eta_estimate.h, StepClock).
#include <cstdint>
#include <optional>
#include <string>

namespace lnc::results {

class ResultsStore;

inline constexpr double kProgressRecordSeconds = 10;

extern const char* const kRunProgressTable;

struct ProgressRecord {
  std::int64_t run_id = 0;
  std::string attempt_started_at;  // runs.started_at of the attempt the reports belong to
  std::int64_t first_step = 0, last_step = 0, total_steps = 0;
  double first_unix = 0, last_unix = 0;  // seconds since the epoch, UTC
};

// Records a report at `unix_seconds` (in one transaction).
void record_progress(ResultsStore& store, std::int64_t run_id, std::int64_t step, std::int64_t total_steps,
                     double unix_seconds);
// The run's row when it belongs to the run's current attempt; nullopt otherwise or without the table.
std::optional<ProgressRecord> read_progress(const ResultsStore& store, std::int64_t run_id);

}  // namespace lnc::results
