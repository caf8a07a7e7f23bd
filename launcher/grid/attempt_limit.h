#pragma once
// The crash-loop guard: a point whose rank dies (SIGKILL, OOM, a segfault) leaves its row 'running' in the store,
// and without a limit every resubmission would resume it into the same crash. When a grid starts, a row found
// 'running' had runs.attempts attempts that died (results/store/results_store.h: the count goes up at each start
// and back to 0 when a run is preempted, so it counts consecutive deaths); once that reaches [job] max_attempts the
// point is marked 'failed' with died_error_text and is no longer resumed. Only a 'running' row counts: a run that
// ends (done, or failed by its own error) or is preempted (SIGTERM/SIGUSR1: back to 'queued') is no death.
// --rerun-failed resets the count. Every point of the job that was 'running' when it was killed counts a death,
// including a point killed only because another rank of the job died (the store cannot tell them apart).
#include <cstdint>
#include <string>

#include "config/run_config.h"

namespace lnc::launcher {

// <output_dir>/<hash16>: the run's checkpoints and log.txt (launcher/grid/grid_execution.h).
std::string run_directory(const config::RunConfig& run);

// True when a row found at start-up with this status and count has used up its attempts.
bool attempts_exhausted(const std::string& status, std::int64_t attempts, std::int64_t max_attempts);

// "died N times at step S" (S: the step of the newest complete checkpoint under run_dir/checkpoint, or 0), then
// the last `log_lines` lines of run_dir/log.txt (none when it cannot be read).
std::string died_error_text(std::int64_t deaths, const std::string& run_dir, int log_lines = 10);

}  // namespace lnc::launcher
