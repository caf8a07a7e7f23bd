#include "trainer/components/lr_schedule.h"

#include <algorithm>

namespace lnc::trainer {

double scheduled_lr(double base_lr, std::int64_t step, std::int64_t warmup_steps, std::int64_t total_steps,
                    const std::string& decay) {
  if (step < warmup_steps) return base_lr * static_cast<double>(step) / static_cast<double>(std::max<std::int64_t>(1, warmup_steps));
  if (decay == "constant") return base_lr;
  const double remaining = static_cast<double>(total_steps - step);
  const double span = static_cast<double>(std::max<std::int64_t>(1, total_steps - warmup_steps));
  return base_lr * std::max(0.0, remaining / span);
}

}  // namespace lnc::trainer
