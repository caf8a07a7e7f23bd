#pragma once
// A run's training curve and its TensorBoard event file, fed by the training loop (trainer/training_run.cpp):
//   after_step       every optimizer step: the step's global loss, lr and gradient norm; every [training]
//                    log_every steps, and at the last step, a CurvePoint (RunOutcome::curve) and the scalars
//                    train/loss, train/lr, train/grad_norm, train/steps_per_second at that step
//   after_epoch      the epoch's train and dev metrics (RunOutcome::metrics rows with that epoch) as
//                    train/epoch_<name> and dev/<name> scalars at the step the evaluation ran
//   finish           the final dev and test metrics as final_<split>/<name> scalars, and the session's end status
// The event file ([job] tensorboard, default true) is written by rank 0 of the group into the run directory
// (<output_dir>/<hash16>/, trainer/tracking/tensorboard_events.h: hyperparameters first, from hyperparameters());
// other ranks, and runs without a run directory, keep only the curve (the same on every rank: every value is the
// group's). A resumed attempt opens a new event file (TensorBoard reads them in order) and its curve starts at the
// step it resumed from, as RunOutcome::step_losses does.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/run_config.h"
#include "trainer/tracking/curve_point.h"
#include "trainer/tracking/tensorboard_events.h"
#include "trainer/training_run.h"

namespace lnc::trainer {

// The run's hyperparameters as TensorBoard's HParams dashboard shows them.
std::map<std::string, HyperparameterValue> hyperparameters(const config::RunConfig& config);

class RunTracker {
 public:
  // `run_dir` empty: no event file.
  RunTracker(const config::RunConfig& config, const std::string& run_dir, int group_rank, std::int64_t total_steps);

  // `step` is 1-based (steps done).
  void after_step(std::int64_t step, double global_loss, double lr, double grad_norm, RunOutcome& out);
  void after_epoch(std::int64_t step, std::int64_t epoch, const std::vector<MetricValue>& metrics);
  void finish(const std::vector<MetricValue>& metrics, bool success);

 private:
  std::int64_t log_every_, total_steps_;
  std::unique_ptr<TensorboardEventWriter> events_;
  double loss_sum_ = 0;
  std::int64_t losses_ = 0;
  std::chrono::steady_clock::time_point window_start_;
  std::int64_t window_first_step_ = -1;
  std::int64_t last_step_ = 0;
};

}  // namespace lnc::trainer
