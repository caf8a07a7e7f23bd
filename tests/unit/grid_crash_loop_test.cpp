// The crash-loop guard end to end (launcher/grid/attempt_limit.h): a point whose rank is SIGKILLed on every
// attempt ends 'failed' after [job] max_attempts deaths, with "died N times at step S" and its log's last lines,
// and the rest of the grid completes. One rank, two points (run one after the other, grid order: equal cost).
#include <gtest/gtest.h>

#include <regex>

#include "results/store/results_store.h"
#include "tests/unit/grid_test_support.h"

namespace lnc {
namespace {

using namespace test_paths;

struct Hold {
  std::string dir;
  int step = 0;
  pid_t pid = 0;
};

// Every "test hook: holding at step ..." line (launcher/grid/fault_injection.h) in the run logs, in log order.
std::vector<Hold> holds(const std::string& runs_dir) {
  const std::regex hold("test hook: holding at step ([0-9]+) \\(pid ([0-9]+)\\)");
  std::vector<Hold> out;
  for (const auto& run : list_dir(runs_dir)) {
    const std::string log = read_text(runs_dir + "/" + run + "/log.txt");
    for (std::sregex_iterator m(log.begin(), log.end(), hold), end; m != end; ++m)
      out.push_back({run, std::stoi((*m)[1].str()), static_cast<pid_t>(std::stol((*m)[2].str()))});
  }
  return out;
}

TEST(IntegrationCrashLoop, APointKilledOnEveryAttemptFailsAfterMaxAttemptsAndTheRestCompletes) {
  const std::string dir = scratch_dir();
  const std::string tokens = prepare_toy_tokens(dir);
  const std::string grid = dir + "/c.toml";
  const std::string runs_dir = dir + "/c_runs";
  std::ofstream(grid) << toy_grid_head(dir + "/c.sqlite", runs_dir, tokens)
                      << "max_steps = 12\ncheckpoint_every = 2\n[grid]\n\"training.seed\" = [1, 2]\n";
  {  // max_attempts = 2 ([job] is not part of a run's identity: the same runs as without it)
    std::string text = read_text(grid);
    text.replace(text.find("[job]\n"), 6, "[job]\nmax_attempts = 2\n");
    std::ofstream(grid) << text;
  }
  // Two submissions, each held when it completes step 4 (after the checkpoint at step 2, before the one at step 4)
  // and SIGKILLed there: the resumed attempt dies at the same step as the first.
  for (size_t attempt = 1; attempt <= 2; ++attempt) {
    BackgroundMpirun job(1, "--grid " + grid, dir + "/c_" + std::to_string(attempt) + ".log",
                         "-x LNC_TEST_HOLD_AT_STEP=4");
    ASSERT_TRUE(wait_for([&] { return holds(runs_dir).size() == attempt || !job.running(); }, 120)) << job.output();
    ASSERT_TRUE(job.running()) << "the grid ended without holding:\n" << job.output();
    const Hold held = holds(runs_dir).back();
    ASSERT_EQ(job.rank_pids(), std::vector<pid_t>{held.pid});
    ::kill(held.pid, SIGKILL);
    EXPECT_NE(job.wait(), 0) << job.output();
    results::ResultsStore store(dir + "/c.sqlite", true);
    for (const auto& r : store.runs())
      if (r.config_hash.substr(0, 16) == held.dir) {
        EXPECT_EQ(r.status, "running");
        EXPECT_EQ(r.attempts, static_cast<std::int64_t>(attempt));
      } else {
        EXPECT_EQ(r.status, "queued");  // one rank: the other point waits behind the held one
      }
  }
  const auto all = holds(runs_dir);
  ASSERT_EQ(all.size(), 2u);
  ASSERT_EQ(all[0].dir, all[1].dir);  // the same point both times, killed at the same step
  const Hold last = all[1];
  EXPECT_EQ(all[0].step, 4);
  EXPECT_EQ(last.step, 4);
  const int checkpoint_step = 2;  // the newest complete checkpoint, where a resumption starts

  // The third submission does not resume it: it is failed up front, and the other point runs to the end.
  auto third = run_command(mpirun(1) + lnctrain("--grid " + grid));
  EXPECT_EQ(third.exit_code, 3) << third.output;  // some point failed
  EXPECT_NE(third.output.find("1 done, 1 failed"), std::string::npos) << third.output;
  results::ResultsStore store(dir + "/c.sqlite", true);
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 2u);
  for (const auto& r : runs) {
    if (r.config_hash.substr(0, 16) == last.dir) {
      EXPECT_EQ(r.status, "failed");
      EXPECT_EQ(r.error.rfind("died 2 times at step " + std::to_string(checkpoint_step) + "; last lines of ", 0), 0u)
          << r.error;
      EXPECT_NE(r.error.find("test hook: holding at step " + std::to_string(last.step)),
                std::string::npos)
          << r.error;
      EXPECT_NE(third.output.find("FAILED: died 2 times"), std::string::npos) << third.output;
    } else {
      EXPECT_EQ(r.status, "done") << r.error;
    }
  }
  // Not resumed by the third submission: only the second attempt resumed it.
  const std::string log = read_text(runs_dir + "/" + last.dir + "/log.txt");
  const auto resumed = [](const std::string& text) {
    int n = 0;
    for (auto p = text.find("resumed from step "); p != std::string::npos; p = text.find("resumed from step ", p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(resumed(log), 1) << log;
  // --rerun-failed starts its count again: it resumes from its checkpoint and finishes.
  auto rerun = run_command(mpirun(1) + lnctrain("train --grid " + grid + " --rerun-failed"));
  EXPECT_EQ(rerun.exit_code, 0) << rerun.output;
  results::ResultsStore after(dir + "/c.sqlite", true);
  for (const auto& r : after.runs()) {
    EXPECT_EQ(r.status, "done") << r.error;
    if (r.config_hash.substr(0, 16) == last.dir) EXPECT_EQ(r.attempts, 1);
  }
  const std::string final_log = read_text(runs_dir + "/" + last.dir + "/log.txt");
  EXPECT_EQ(resumed(final_log), 2) << final_log;  // --rerun-failed resumed it from its checkpoint
  EXPECT_NE(final_log.find("resumed from step " + std::to_string(checkpoint_step)), std::string::npos) << final_log;
}

}  // namespace
}  // namespace lnc
