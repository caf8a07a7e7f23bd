#pragma once
// The collective watchdog of one process group (cluster/process_group.h starts one per group of 2 or more ranks).
// Every collective the group issues is registered here while it is in flight (begin .. end, numbered in issue
// order, which is the same on every rank); a monitor thread checks once a second whether the oldest one has waited
// longer than the timeout ([parallelism] collective_timeout_s). When it has, the watchdog works out which ranks did
// not arrive and calls the handler once (the launcher logs and ends the job: launcher/grid/collective_hang.h).
//
// Which ranks did not arrive: every rank publishes a heartbeat "<issued> <beat>" (how many collectives it has
// issued, and a counter bumped by its own publisher thread every second and, at most ten times a second, after
// new collectives) to its peers (over the group's c10d store,
// process_group.cpp). At a hang the watchdog reads every peer's heartbeat twice, 3 s apart: a peer that issued
// fewer collectives than the one that hangs has not arrived; a peer whose beat did not move is not responding
// (SIGSTOPped, or its host gone). Both are named. If the heartbeats cannot be read within 5 s at all (the store's
// host is the rank that stopped), the store's host is named as not responding.
//
// No torch here: publishing and reading go through the two functions the owner gives (tests/unit/
// collective_watchdog_test.cpp drives it with in-memory ones). The threads end in the destructor; a publish or read
// stuck on an unreachable peer runs on a detached thread and is abandoned.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace lnc::cluster {

struct Heartbeat {
  std::int64_t issued = 0;  // collectives issued so far
  std::int64_t beat = 0;    // bumped every second by a live rank
};

struct CollectiveHang {
  std::string collective;        // what it was ("gradient bucket", "checkpoint barrier", ...)
  std::int64_t sequence = 0;     // 1-based, in issue order within the group
  std::int64_t step = 0;         // the training step in progress (set_step), 0 = outside a step
  double waited_seconds = 0;
  double timeout_seconds = 0;
  std::vector<int> missing;      // world ranks that did not arrive or do not respond
  std::string detail;            // one line: which ranks, and why each
};

class CollectiveWatchdog {
 public:
  using Publish = std::function<void(const Heartbeat&)>;
  // Heartbeats of the group's ranks by group rank (nullopt: that rank never published one).
  using ReadAll = std::function<std::vector<std::optional<Heartbeat>>()>;
  using Handler = std::function<void(const CollectiveHang&)>;

  // world_ranks[g]: the world rank of group rank g (group rank 0 hosts the store the heartbeats go through);
  // period: of the heartbeats and of the monitor's checks.
  CollectiveWatchdog(int group_rank, std::vector<int> world_ranks, Publish publish, ReadAll read_all,
                     double timeout_seconds, std::chrono::milliseconds period = std::chrono::seconds(1));
  ~CollectiveWatchdog();
  CollectiveWatchdog(const CollectiveWatchdog&) = delete;
  CollectiveWatchdog& operator=(const CollectiveWatchdog&) = delete;

  std::int64_t begin(const char* what);  // returns the collective's sequence number
  void end(std::int64_t sequence);
  void set_step(std::int64_t step);
  void set_timeout(double seconds);
  void set_handler(Handler handler);

 private:
  struct InFlight {
    const char* what;
    std::chrono::steady_clock::time_point started;
  };
  // Shared with the publisher thread, which is detached (a publish to a stopped store host never returns).
  struct State {
    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false, fired = false, publisher_running = true;
    std::int64_t issued = 0, beat = 0, step = 0;
    double timeout_seconds = 0;
    std::map<std::int64_t, InFlight> in_flight;
    Handler handler;
  };
  void monitor();
  CollectiveHang diagnose(std::int64_t sequence, const InFlight& hung, double timeout_seconds, std::int64_t step);

  const int group_rank_;
  const std::vector<int> world_ranks_;
  ReadAll read_all_;
  const std::chrono::milliseconds period_;
  std::shared_ptr<State> state_;
  std::thread monitor_;
};

}  // namespace lnc::cluster
