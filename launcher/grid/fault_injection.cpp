#include "launcher/grid/fault_injection.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <iostream>
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

int stop_after_checkpoint_rank() {
  static const int rank = [] {
    const char* v = std::getenv("LNC_TEST_STOP_AFTER_CHECKPOINT");
    return v && *v ? static_cast<int>(std::strtol(v, nullptr, 10)) : -1;
  }();
  return rank;
}

void stop_after_checkpoint_if_requested(int world_rank, std::int64_t step) {
  static std::atomic<bool> done{false};
  if (world_rank != stop_after_checkpoint_rank() || done.exchange(true)) return;
  std::cerr << "test hook: world rank " << world_rank << " (pid " << ::getpid()
            << ") stops itself after the checkpoint at step " << step << std::endl;
  ::raise(SIGSTOP);
}

void hold_until_killed() {
  for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
}

}  // namespace lnc::launcher
