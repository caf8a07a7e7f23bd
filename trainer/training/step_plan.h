#pragma once
// How many optimizer steps a run takes and over how many epochs: an epoch is steps_per_epoch global batches
// (data/batching/global_batch_plan.h); max_steps > 0 cuts the run short, and its last epoch may then be partial.
// Every epoch below `epochs` has at least one step.
#include <algorithm>
#include <cstdint>

namespace lnc::trainer {

struct StepPlan {
  std::int64_t steps_per_epoch = 0;
  std::int64_t total_steps = 0;
  std::int64_t epochs = 0;  // ceil(total_steps / steps_per_epoch)
};

inline StepPlan plan_steps(std::int64_t steps_per_epoch, std::int64_t epochs, std::int64_t max_steps) {
  StepPlan plan;
  plan.steps_per_epoch = steps_per_epoch;
  plan.total_steps = steps_per_epoch * epochs;
  if (max_steps > 0) plan.total_steps = std::min(plan.total_steps, max_steps);
  plan.epochs = (plan.total_steps + steps_per_epoch - 1) / steps_per_epoch;
  return plan;
}

}  // namespace lnc::trainer
