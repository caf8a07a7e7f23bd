#include "cluster/preemption_signal.h"

#include <atomic>
#include <csignal>

namespace lnc::cluster {
namespace {

std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the flag is set from a signal handler");

extern "C" void on_preemption_signal(int signo) {
  int none = 0;
  g_signal.compare_exchange_strong(none, signo);
}

}  // namespace

void install_preemption_handlers() {
  struct sigaction action {};
  action.sa_handler = on_preemption_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // blocking calls (MPI, file I/O) resume instead of failing with EINTR
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGUSR1, &action, nullptr);
}

bool preemption_requested() { return g_signal.load() != 0; }
int preemption_signal() { return g_signal.load(); }
int preemption_exit_code() { return g_signal.load() ? 128 + g_signal.load() : 0; }

}  // namespace lnc::cluster
