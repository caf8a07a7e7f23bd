// The collective watchdog (cluster/collective_watchdog.h) with in-memory heartbeats: a collective that waits
// longer than the timeout is reported once, naming the peer that did not arrive; collectives that finish are not.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "cluster/collective_watchdog.h"

namespace lnc::cluster {
namespace {

using namespace std::chrono_literals;

// Two ranks' heartbeats: this rank publishes its own; the peer's is what the test sets.
struct Board {
  std::mutex mutex;
  std::vector<std::optional<Heartbeat>> beats{2};
  CollectiveWatchdog::Publish publish(int rank) {
    return [this, rank](const Heartbeat& h) {
      std::lock_guard<std::mutex> lock(mutex);
      beats[static_cast<size_t>(rank)] = h;
    };
  }
  CollectiveWatchdog::ReadAll read() {
    return [this] {
      std::lock_guard<std::mutex> lock(mutex);
      return beats;
    };
  }
};

TEST(CollectiveWatchdog, AHungCollectiveIsReportedOnceNamingThePeerThatDidNotArrive) {
  Board board;
  board.beats[1] = Heartbeat{1, 7};  // the peer issued one collective, then went silent
  std::atomic<int> reports{0};
  CollectiveHang seen;
  std::mutex seen_mutex;
  {
    CollectiveWatchdog watchdog(0, {4, 9}, board.publish(0), board.read(), 0.2, 50ms);
    watchdog.set_handler([&](const CollectiveHang& h) {
      std::lock_guard<std::mutex> lock(seen_mutex);
      seen = h;
      ++reports;
    });
    watchdog.end(watchdog.begin("loss/stop verdict"));  // #1 finished on both
    watchdog.set_step(3);
    watchdog.begin("gradient bucket");  // #2: the peer never comes
    const auto until = std::chrono::steady_clock::now() + 5s;
    while (reports == 0 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(20ms);
    std::this_thread::sleep_for(400ms);  // and only once
  }
  ASSERT_EQ(reports.load(), 1);
  EXPECT_EQ(seen.collective, "gradient bucket");
  EXPECT_EQ(seen.sequence, 2);
  EXPECT_EQ(seen.step, 3);
  EXPECT_GE(seen.waited_seconds, 0.2);
  EXPECT_EQ(seen.missing, std::vector<int>{9});  // world rank of group rank 1
  EXPECT_NE(seen.detail.find("world rank 9 last reported 1 collective(s) issued, not yet #2"), std::string::npos) << seen.detail;
  EXPECT_NE(seen.detail.find("does not respond"), std::string::npos) << seen.detail;
}

TEST(CollectiveWatchdog, CollectivesThatFinishWithinTheTimeoutAreNotReported) {
  Board board;
  std::atomic<int> reports{0};
  {
    CollectiveWatchdog watchdog(1, {0, 1}, board.publish(1), board.read(), 0.3, 50ms);
    watchdog.set_handler([&](const CollectiveHang&) { ++reports; });
    for (int i = 0; i < 20; ++i) {
      const auto s = watchdog.begin("gradient bucket");
      std::this_thread::sleep_for(30ms);
      watchdog.end(s);
    }
  }
  EXPECT_EQ(reports.load(), 0);
}

TEST(CollectiveWatchdog, APeerThatArrivedAndRespondsIsNotNamed) {
  Board board;
  std::atomic<bool> stop{false};
  // The peer arrived at #1 and keeps beating (it waits too, for a third party the test does not model).
  std::thread peer([&] {
    for (std::int64_t beat = 1; !stop; ++beat) {
      board.publish(1)(Heartbeat{1, beat});
      std::this_thread::sleep_for(20ms);
    }
  });
  std::atomic<int> reports{0};
  CollectiveHang seen;
  {
    CollectiveWatchdog watchdog(0, {0, 1}, board.publish(0), board.read(), 0.1, 50ms);
    watchdog.set_handler([&](const CollectiveHang& h) {
      seen = h;
      ++reports;
    });
    watchdog.begin("checkpoint barrier");
    const auto until = std::chrono::steady_clock::now() + 5s;
    while (reports == 0 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(20ms);
  }
  stop = true;
  peer.join();
  ASSERT_EQ(reports.load(), 1);
  EXPECT_TRUE(seen.missing.empty());
  EXPECT_NE(seen.detail.find("every rank of the group arrived"), std::string::npos) << seen.detail;
}

}  // namespace
}  // namespace lnc::cluster
