#pragma once
// Learning rate per optimizer step, as transformers' get_linear_schedule_with_warmup (the GUE script's default):
// step s (0-based) uses lr * s / warmup during warmup, then decays linearly to 0 at total_steps.
// "constant" keeps lr after warmup.
#include <cstdint>
#include <string>

namespace lnc::trainer {

double scheduled_lr(double base_lr, std::int64_t step, std::int64_t warmup_steps, std::int64_t total_steps,
                    const std::string& decay);

}  // namespace lnc::trainer
