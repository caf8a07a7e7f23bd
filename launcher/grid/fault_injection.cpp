#include "launcher/grid/fault_injection.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

namespace lnc::launcher {

bool hold_after_checkpoint_requested() {
  static const bool on = [] {
    const char* v = std::getenv("LNC_TEST_HOLD_AFTER_CHECKPOINT");
    return v && *v && std::string(v) != "0";
  }();
  return on;
}

std::int64_t hold_at_step_requested() {
  static const std::int64_t step = [] {
    const char* v = std::getenv("LNC_TEST_HOLD_AT_STEP");
    return v && *v ? std::max<std::int64_t>(0, std::strtoll(v, nullptr, 10)) : std::int64_t{0};
  }();
  return step;
}

void hold_until_killed() {
  for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
}

}  // namespace lnc::launcher
