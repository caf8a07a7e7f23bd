#include "launcher/preflight/checkpoint_bytes.h"

#include "launcher/plan/plan_input.h"

namespace lnc::launcher {

std::int64_t checkpoint_bytes(const config::RunConfig& run) {
  if (run.model.is_baseline()) return 0;
  const PlanResult plan = plan_memory(plan_input(run, 1, run.training.precision, run.parallelism.device_memory_gib));
  return 4 * plan.parameters + 8 * plan.trainable + 4 * plan.trainable;
}

std::int64_t planned_checkpoint_bytes(const config::RunConfig& run) { return 3 * checkpoint_bytes(run); }

}  // namespace lnc::launcher
