// The grid coordinator without mpirun: it serves simulated group leaders (threads, one per leader) over in-process
// channels (cluster/in_process_channel.h) and writes a real results store. Covers the queue (every point handed out
// exactly once, most expensive first within a phase), results and failures in the store, importance rows, phases
// of different group sizes, more groups than points, an empty queue, the stop request, an interrupted run,
// finish_early and the rerun of failed points.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "cluster/in_process_channel.h"
#include "config/run_config.h"
#include "launcher/grid/grid_channels.h"
#include "launcher/grid/grid_coordinator.h"
#include "results/run_status.h"
#include "results/store/results_store.h"
#include "tests/unit/test_paths.h"

namespace lnc::launcher {
namespace {

using results::RunStatus;

// A job of `world` ranks: one pair of in-process channels per rank (rank 0 is also the coordinator's).
struct SimulatedJob {
  explicit SimulatedJob(int world)
      : to_coordinator(cluster::in_process_channels(world, std::chrono::seconds(20))),
        to_workers(cluster::in_process_channels(world, std::chrono::seconds(20))) {}
  GridChannels rank(int r) const { return GridChannels(to_coordinator[static_cast<size_t>(r)], to_workers[static_cast<size_t>(r)]); }
  std::vector<std::shared_ptr<cluster::MessageChannel>> to_coordinator, to_workers;
};

// What a leader reports for a point: done with one test metric, unless the test says otherwise.
using Outcome = std::function<RunResult(std::int64_t group, const Assignment& a)>;

RunResult done(std::int64_t group, const Assignment& a) {
  RunResult r;
  r.group = group;
  r.point = a.point;
  r.status = RunStatus::done;
  r.seconds = 2;
  r.steps = 10;
  r.metrics = {{"test", std::nullopt, "mcc", 0.25 + 0.01 * static_cast<double>(a.point)},
               {"dev", 0, "loss", 0.5}};
  return r;
}

struct LeaderLog {
  std::vector<Assignment> assigned;
  std::string error;  // a channel failure (a timeout: the coordinator never answered)
};

// One group leader: asks for points until told there are none, reporting progress and `outcome` for each.
void play_leader(GridChannels channels, std::int64_t group, const Outcome& outcome, LeaderLog& log) {
  try {
    for (;;) {
      channels.send_request(Request{group, false});
      const Assignment a = channels.receive_assignment();
      if (a.point < 0) return;
      log.assigned.push_back(a);
      channels.send_progress(Progress{a.point, 5, 10});
      channels.send_result(outcome(group, a));
    }
  } catch (const std::exception& e) {
    log.error = e.what();
  }
}

// One phase: every group of `group_size` ranks of the job at once, each in its own thread; returns when all of
// them were released (as the ranks of a real job synchronise before the next phase).
std::vector<LeaderLog> run_phase(const SimulatedJob& job, int world, int group_size, const Outcome& outcome = done) {
  const int groups = world / group_size;
  std::vector<LeaderLog> logs(static_cast<size_t>(groups));
  std::vector<std::thread> threads;
  for (int g = 0; g < groups; ++g)
    threads.emplace_back(play_leader, job.rank(g * group_size), g, std::cref(outcome), std::ref(logs[static_cast<size_t>(g)]));
  for (auto& t : threads) t.join();
  for (const auto& l : logs) EXPECT_EQ(l.error, "");
  return logs;
}

std::vector<std::int64_t> points_of(const std::vector<LeaderLog>& logs) {
  std::vector<std::int64_t> out;
  for (const auto& l : logs)
    for (const auto& a : l.assigned) out.push_back(a.point);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::int64_t> iota(std::int64_t n) {
  std::vector<std::int64_t> out;
  for (std::int64_t i = 0; i < n; ++i) out.push_back(i);
  return out;
}

class GridCoordinatorTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = test_paths::scratch_dir(); }

  // A grid of `points` tiny-BERT points (seeds 1..points). Their token path is cleared after parsing: the
  // coordinator reads a token file only for its statistics (tests/unit/token_file_statistics_test.cpp), which a
  // point without one skips, so these tests touch no HDF5.
  config::GridConfig grid(int points, const std::string& extra_axis = "") {
    std::string seeds;
    for (int i = 1; i <= points; ++i) seeds += (i > 1 ? ", " : "") + std::to_string(i);
    const std::string path = dir_ + "/grid.toml";
    std::ofstream(path) << "[job]\nstore = \"" << dir_ << "/store.sqlite\"\noutput_dir = \"" << dir_ << "/runs\"\n"
                        << "[data]\ntask = \"toy\"\nlength = 48\ntokens = \"" << dir_ << "/absent.h5\"\n"
                        << "[model]\nfamily = \"bert\"\npreset = \"tiny\"\n"
                        << "[training]\nepochs = 1\n[grid]\n\"training.seed\" = [" << seeds << "]\n"
                        << extra_axis;
    auto g = config::load_grid_config(path);
    for (auto& p : g.points) p.data.tokens.clear();
    return g;
  }

  std::unique_ptr<GridCoordinator> coordinator(const config::GridConfig& g, const SimulatedJob& job, int world,
                                               std::vector<int> sizes, bool rerun_failed = false) {
    if (sizes.empty()) sizes.assign(g.points.size(), 1);
    CoordinatorSettings settings{rerun_failed, world, sizes, 3600};
    return std::make_unique<GridCoordinator>(g, job.rank(0), settings);
  }

  // The store's view after the coordinator is gone: status by point.
  std::vector<results::RunRecord> runs(const config::GridConfig& g) {
    results::ResultsStore store(g.job.store, true);
    std::vector<results::RunRecord> out;
    for (const auto& p : g.points) out.push_back(*store.find_run(p.config_hash));
    return out;
  }

  std::string dir_;
};

TEST_F(GridCoordinatorTest, EveryPointIsHandedOutExactlyOnceAndItsResultRecorded) {
  const auto g = grid(7);
  SimulatedJob job(3);
  auto c = coordinator(g, job, 3, {});
  EXPECT_EQ(c->phase_group_sizes(), std::vector<int>{1});
  c->start();
  // Point 4 fails; point 2 brings importance rows.
  const Outcome outcome = [](std::int64_t group, const Assignment& a) {
    RunResult r = done(group, a);
    if (a.point == 4) {
      r.status = RunStatus::failed;
      r.error = "boom on point 4";
      r.metrics.clear();
    }
    if (a.point == 2) {
      r.importance = {{3, 1, 0, {0.5f, 0.25f}}, {7, 0, 0, {1.0f, 0.0f}}};
      r.importance_rows = 2;
    }
    return r;
  };
  const auto logs = run_phase(job, 3, 1, outcome);
  const CoordinatorSummary summary = c->join();
  EXPECT_EQ(points_of(logs), iota(7));  // each exactly once
  EXPECT_EQ(summary.total, 7);
  EXPECT_EQ(summary.done, 6);
  EXPECT_EQ(summary.failed, 1);
  EXPECT_EQ(summary.skipped, 0);
  EXPECT_EQ(summary.interrupted, 0);
  EXPECT_DOUBLE_EQ(summary.busy_rank_seconds, 14);  // 7 runs x 2 s x 1 rank
  EXPECT_FALSE(c->stopping());
  c.reset();

  const auto stored = runs(g);
  results::ResultsStore store(g.job.store, true);
  for (const auto& l : logs)
    for (const auto& a : l.assigned) EXPECT_EQ(a.run_id, stored[static_cast<size_t>(a.point)].id);
  for (size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i].status, i == 4 ? "failed" : "done") << i;
    EXPECT_EQ(stored[i].num_ranks, 1);
    ASSERT_TRUE(stored[i].group_index.has_value());
    EXPECT_EQ(stored[i].ranks, std::to_string(*stored[i].group_index));
    EXPECT_EQ(store.metrics(stored[i].id).size(), i == 4 ? 0u : 2u);
  }
  EXPECT_EQ(stored[4].error, "boom on point 4");
  const auto importance = store.importance(stored[2].id, "test");
  ASSERT_EQ(importance.size(), 2u);
  EXPECT_EQ(importance[1].sample, 7);
  EXPECT_EQ(importance[0].scores, (std::vector<float>{0.5f, 0.25f}));
  EXPECT_TRUE(store.importance(stored[3].id, "test").empty());
}

TEST_F(GridCoordinatorTest, TheMostExpensivePointsGoFirst) {
  // 10 and 30 steps alternate (a zipped axis under the seeds; the missing token file leaves max_steps as the
  // cost): the 30-step points cost more and go first, each cost class in grid order.
  const auto g = grid(4, "[[grid.zip]]\n\"training.max_steps\" = [10, 30]\n\"optimizer.lr\" = [1e-3, 2e-3]\n");
  ASSERT_EQ(g.points.size(), 8u);
  SimulatedJob job(1);
  auto c = coordinator(g, job, 1, {});
  c->start();
  const auto logs = run_phase(job, 1, 1);
  c->join();
  std::vector<std::int64_t> order;
  for (const auto& a : logs[0].assigned) order.push_back(a.point);
  std::vector<std::int64_t> expected;
  for (std::int64_t i = 0; i < 8; ++i)
    if (g.points[static_cast<size_t>(i)].training.max_steps == 30) expected.push_back(i);
  for (std::int64_t i = 0; i < 8; ++i)
    if (g.points[static_cast<size_t>(i)].training.max_steps == 10) expected.push_back(i);
  EXPECT_EQ(order, expected);
}

TEST_F(GridCoordinatorTest, MoreGroupsThanPointsReleasesTheIdleGroups) {
  const auto g = grid(2);
  SimulatedJob job(5);
  auto c = coordinator(g, job, 5, {});
  c->start();
  const auto logs = run_phase(job, 5, 1);  // returns only if every one of the 5 groups was released
  const auto summary = c->join();
  EXPECT_EQ(points_of(logs), iota(2));
  int idle = 0;
  for (const auto& l : logs) idle += l.assigned.empty();
  EXPECT_EQ(idle, 3);
  EXPECT_EQ(summary.done, 2);
}

TEST_F(GridCoordinatorTest, PhasesRunLargestGroupsFirstAndRecordTheGroupsRanks) {
  const auto g = grid(5);
  SimulatedJob job(4);
  // Points 0 and 3 train on groups of 2, the rest on single ranks.
  auto c = coordinator(g, job, 4, {2, 1, 1, 2, 1});
  EXPECT_EQ(c->phase_group_sizes(), (std::vector<int>{2, 1}));
  c->start();
  const auto pairs = run_phase(job, 4, 2);
  const auto singles = run_phase(job, 4, 1);
  const auto summary = c->join();
  EXPECT_EQ(points_of(pairs), (std::vector<std::int64_t>{0, 3}));
  EXPECT_EQ(points_of(singles), (std::vector<std::int64_t>{1, 2, 4}));
  EXPECT_EQ(summary.done, 5);
  EXPECT_DOUBLE_EQ(summary.busy_rank_seconds, 2 * 2 * 2 + 3 * 2);
  c.reset();
  const auto stored = runs(g);
  for (size_t i : {size_t{0}, size_t{3}}) {
    EXPECT_EQ(stored[i].num_ranks, 2);
    EXPECT_TRUE(stored[i].ranks == "0-1" || stored[i].ranks == "2-3") << stored[i].ranks;
  }
}

TEST_F(GridCoordinatorTest, NothingToRunMeansNoPhasesAndARerunSkipsWhatIsDone) {
  const auto g = grid(3);
  {
    SimulatedJob job(1);
    auto c = coordinator(g, job, 1, {});
    c->start();
    run_phase(job, 1, 1, [](std::int64_t group, const Assignment& a) {
      RunResult r = done(group, a);
      if (a.point == 1) r.status = RunStatus::failed;
      return r;
    });
    c->join();
  }
  {  // Done and failed points are skipped: nothing to run, and join returns at once.
    SimulatedJob job(2);
    auto c = coordinator(g, job, 2, {});
    EXPECT_TRUE(c->phase_group_sizes().empty());
    c->start();
    const auto summary = c->join();
    EXPECT_EQ(summary.skipped, 3);
    EXPECT_EQ(summary.total, 0);
  }
  {  // With rerun_failed the failed point alone runs again.
    SimulatedJob job(2);
    auto c = coordinator(g, job, 2, {}, true);
    EXPECT_EQ(c->phase_group_sizes(), std::vector<int>{1});
    c->start();
    const auto logs = run_phase(job, 2, 1);
    const auto summary = c->join();
    EXPECT_EQ(points_of(logs), std::vector<std::int64_t>{1});
    EXPECT_EQ(summary.skipped, 2);
    EXPECT_EQ(summary.done, 1);
  }
  EXPECT_EQ(runs(g)[1].status, "done");
}

TEST_F(GridCoordinatorTest, AStopRequestReleasesEveryGroupAndLeavesTheRestQueued) {
  const auto g = grid(4);
  SimulatedJob job(2);
  auto c = coordinator(g, job, 2, {});
  c->start();
  // Group 0 (this thread, on rank 0 beside the coordinator) runs one point, then asks to stop.
  GridChannels leader0 = job.rank(0), leader1 = job.rank(1);
  leader0.send_request(Request{0, false});
  const Assignment first = leader0.receive_assignment();
  ASSERT_GE(first.point, 0);
  leader0.send_result(done(0, first));
  leader0.send_request(Request{0, true});
  EXPECT_LT(leader0.receive_assignment().point, 0);
  // Group 1 asks after the stop: nothing more is handed out.
  leader1.send_request(Request{1, false});
  EXPECT_LT(leader1.receive_assignment().point, 0);
  const auto summary = c->join();
  EXPECT_TRUE(c->stopping());
  EXPECT_EQ(summary.done, 1);
  c.reset();
  const auto stored = runs(g);
  for (size_t i = 0; i < stored.size(); ++i)
    EXPECT_EQ(stored[i].status, static_cast<std::int64_t>(i) == first.point ? "done" : "queued") << i;
}

TEST_F(GridCoordinatorTest, AnInterruptedRunGoesBackToQueuedAndStopsTheGrid) {
  const auto g = grid(3);
  SimulatedJob job(1);
  auto c = coordinator(g, job, 1, {});
  c->start();
  GridChannels leader = job.rank(0);
  leader.send_request(Request{0, false});
  const Assignment a = leader.receive_assignment();
  ASSERT_GE(a.point, 0);
  RunResult r = done(0, a);
  r.status = RunStatus::interrupted;
  r.metrics.clear();
  r.steps = 4;
  leader.send_result(r);
  // The leader asks once more (as execute_grid does) and is released.
  leader.send_request(Request{0, false});
  EXPECT_LT(leader.receive_assignment().point, 0);
  const auto summary = c->join();
  EXPECT_EQ(summary.interrupted, 1);
  EXPECT_EQ(summary.done, 0);
  EXPECT_TRUE(c->stopping());
  c.reset();
  for (const auto& run : runs(g)) EXPECT_EQ(run.status, "queued");
}

TEST_F(GridCoordinatorTest, FinishEarlySkipsTheRemainingPhasesWithoutTheirRequests) {
  const auto g = grid(3);
  SimulatedJob job(2);
  auto c = coordinator(g, job, 2, {2, 1, 1});
  ASSERT_EQ(c->phase_group_sizes(), (std::vector<int>{2, 1}));
  c->start();
  const auto pairs = run_phase(job, 2, 2);
  EXPECT_EQ(points_of(pairs), std::vector<std::int64_t>{0});
  c->finish_early();  // the ranks agreed at the phase boundary not to go on
  const auto summary = c->join();
  EXPECT_EQ(summary.done, 1);
  c.reset();
  const auto stored = runs(g);
  EXPECT_EQ(stored[0].status, "done");
  EXPECT_EQ(stored[1].status, "queued");
  EXPECT_EQ(stored[2].status, "queued");
}

TEST_F(GridCoordinatorTest, AMalformedResultStopsTheGridInsteadOfRecordingIt) {
  const auto g = grid(2);
  SimulatedJob job(1);
  auto c = coordinator(g, job, 1, {});
  c->start();
  GridChannels leader = job.rank(0);
  leader.send_request(Request{0, false});
  const Assignment a = leader.receive_assignment();
  ASSERT_GE(a.point, 0);
  job.to_coordinator[0]->send(0, kResult, "{not json");
  leader.send_request(Request{0, false});
  EXPECT_LT(leader.receive_assignment().point, 0);  // stopping: released
  c->join();
  EXPECT_TRUE(c->stopping());
  c.reset();
  EXPECT_EQ(runs(g)[static_cast<size_t>(a.point)].status, "running");  // a resubmission runs it again
}

// A submission killed while a point runs (here: ended with finish_early before its result) leaves it 'running';
// each such start counts an attempt, and once [job] max_attempts of them died the next submission marks the
// point failed with its death count, its newest checkpoint's step and its log's last lines, without resuming it;
// the other points run. A preempted (interrupted) run is no death: its count goes back to 0.
TEST_F(GridCoordinatorTest, APointThatDiedMaxAttemptsTimesIsFailedInsteadOfResumed) {
  auto g = grid(3);
  g.job.max_attempts = 2;
  auto start_and_die = [&](std::int64_t expected_point) {
    SimulatedJob job(1);
    auto c = coordinator(g, job, 1, {});
    c->start();
    GridChannels leader = job.rank(0);
    leader.send_request(Request{0, false});
    EXPECT_EQ(leader.receive_assignment().point, expected_point);
    c->finish_early();  // the job dies: no result, no release
    c->join();
  };
  start_and_die(0);
  EXPECT_EQ(runs(g)[0].status, "running");
  EXPECT_EQ(runs(g)[0].attempts, 1);
  start_and_die(0);  // found 'running' after 1 death (< 2): resumed, and dies again
  EXPECT_EQ(runs(g)[0].attempts, 2);
  // What the dead attempts left: a complete checkpoint at step 6 and a log.
  const std::string run_dir = dir_ + "/runs/" + g.points[0].config_hash.substr(0, 16);
  std::filesystem::create_directories(run_dir + "/checkpoint/step-6");
  std::ofstream(run_dir + "/checkpoint/step-6/DONE") << "";
  {
    std::ofstream log(run_dir + "/log.txt");
    for (int i = 1; i <= 12; ++i) log << "line " << i << "\n";
  }
  SimulatedJob job(1);
  auto c = coordinator(g, job, 1, {});
  c->start();
  const auto logs = run_phase(job, 1, 1);
  const auto summary = c->join();
  EXPECT_EQ(points_of(logs), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(summary.done, 2);
  EXPECT_EQ(summary.failed, 1);
  EXPECT_EQ(summary.total, 3);
  c.reset();
  const auto stored = runs(g);
  EXPECT_EQ(stored[0].status, "failed");
  EXPECT_EQ(stored[0].error.rfind("died 2 times at step 6; last lines of " + run_dir + "/log.txt:\n  line 3\n", 0), 0u)
      << stored[0].error;
  EXPECT_EQ(stored[0].error.find("line 2\n"), std::string::npos) << stored[0].error;  // the last 10 lines only
  EXPECT_NE(stored[0].error.find("\n  line 12"), std::string::npos) << stored[0].error;
  EXPECT_EQ(stored[1].status, "done");
  EXPECT_EQ(stored[1].attempts, 1);
  {  // Failed: skipped by a plain resubmission, run again (count reset, then this start) with rerun_failed.
    SimulatedJob again(1);
    auto skip = coordinator(g, again, 1, {});
    EXPECT_TRUE(skip->phase_group_sizes().empty());
    skip->start();
    EXPECT_EQ(skip->join().skipped, 3);
  }
  SimulatedJob rerun_job(1);
  auto rerun = coordinator(g, rerun_job, 1, {}, true);
  rerun->start();
  EXPECT_EQ(points_of(run_phase(rerun_job, 1, 1)), std::vector<std::int64_t>{0});
  rerun->join();
  rerun.reset();
  EXPECT_EQ(runs(g)[0].status, "done");
  EXPECT_EQ(runs(g)[0].attempts, 1);
}

TEST_F(GridCoordinatorTest, APreemptedRunIsNoDeathAndStartsItsCountAgain) {
  auto g = grid(1);
  g.job.max_attempts = 1;
  for (int submission = 0; submission < 3; ++submission) {
    SimulatedJob job(1);
    auto c = coordinator(g, job, 1, {});
    c->start();
    const auto logs = run_phase(job, 1, 1, [](std::int64_t group, const Assignment& a) {
      RunResult r = done(group, a);
      r.status = RunStatus::interrupted;
      r.metrics.clear();
      return r;
    });
    EXPECT_EQ(points_of(logs), std::vector<std::int64_t>{0}) << submission;  // never failed for it
    c->join();
    c.reset();
    EXPECT_EQ(runs(g)[0].status, "queued");
    EXPECT_EQ(runs(g)[0].attempts, 0);
  }
}

}  // namespace
}  // namespace lnc::launcher
