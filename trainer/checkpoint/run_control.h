#pragma once
// What the grid engine asks of a training run besides training: where its checkpoints live, how often to write
// them, when to stop (preemption), and progress reports. train_and_evaluate works without one (no checkpoints).
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace lnc::trainer {

struct RunControl {
  std::string checkpoint_dir;          // <output_dir>/<hash16>/checkpoint; empty = no checkpoints and no resume
  std::string run_dir;                 // <output_dir>/<hash16>: end-of-run exports (LoRA adapter, merged model,
                                       // trainer/lora/lora_run_export.h); empty = none written
  std::int64_t checkpoint_every = 0;   // steps between checkpoints (0 = epoch ends only)
  // This rank's stop request (a signal arrived). The ranks of a group combine theirs at every step boundary,
  // so that all of them checkpoint at the same step and stop together.
  std::function<bool()> stop_requested;
  std::function<void(std::int64_t step, std::int64_t total_steps)> on_step;  // after every optimizer step
  std::function<void(std::int64_t step)> on_checkpoint;  // every rank, after a checkpoint is complete (DONE written)
  std::int64_t resumed_from_step = 0;  // set by the run: 0 = started from scratch
};

// Thrown on every rank of a group after the checkpoint of a requested stop is complete.
class TrainingInterrupted : public std::runtime_error {
 public:
  explicit TrainingInterrupted(std::int64_t step)
      : std::runtime_error("interrupted: checkpointed at step " + std::to_string(step)), step_(step) {}
  std::int64_t step() const { return step_; }

 private:
  std::int64_t step_;
};

}  // namespace lnc::trainer
