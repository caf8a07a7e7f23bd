#include "launcher/grid/fault_injection.h"

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

void hold_until_killed() {
  for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
}

}  // namespace lnc::launcher
