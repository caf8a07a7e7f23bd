// The collective watchdog end to end (cluster/collective_watchdog.h, launcher/grid/collective_hang.h): under
// mpirun -np 2 with collective_timeout_s = 10, world rank 1 SIGSTOPs itself after its run's first complete
// checkpoint (LNC_TEST_STOP_AFTER_CHECKPOINT, launcher/grid/fault_injection.h). Rank 0 reports the hang naming
// rank 1 within 30 s, the job exits with 75, the point is 'queued' with its attempt counted, and a resubmission
// resumes it and finishes with the metrics of an uninterrupted run.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "launcher/grid/collective_hang.h"
#include "results/store/results_store.h"
#include "tests/unit/grid_test_support.h"

namespace lnc {
namespace {

using namespace test_paths;

std::map<std::string, double> final_test_metrics(const std::string& store_path) {
  results::ResultsStore store(store_path, true);
  std::map<std::string, double> out;
  for (const auto& run : store.runs())
    for (const auto& m : store.metrics(run.id))
      if (m.split == "test" && !m.epoch) out[m.name] = m.value;
  return out;
}

std::string watchdog_grid(const std::string& dir, const std::string& name, const std::string& tokens) {
  const std::string path = dir + "/" + name + ".toml";
  std::ofstream(path) << toy_grid_head(dir + "/" + name + ".sqlite", dir + "/" + name + "_runs", tokens)
                      << "max_steps = 12\ncheckpoint_every = 2\n[parallelism]\ncollective_timeout_s = 10\n";
  return path;
}

bool process_alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const size_t close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

TEST(IntegrationCollectiveWatchdog, AStoppedRankIsNamedTheJobExits75AndTheResumedPointMatchesAnUninterruptedRun) {
  const std::string dir = scratch_dir();
  const std::string tokens = prepare_toy_tokens(dir);
  const std::string reference = watchdog_grid(dir, "ref", tokens);
  auto ref = run_command(mpirun(2) + lnctrain("--grid " + reference));
  ASSERT_EQ(ref.exit_code, 0) << ref.output;

  const std::string grid = watchdog_grid(dir, "w", tokens);
  BackgroundMpirun job(2, "--grid " + grid, dir + "/w_first.log", "-x LNC_TEST_STOP_AFTER_CHECKPOINT=1");
  const std::regex stopped("test hook: world rank 1 \\(pid ([0-9]+)\\) stops itself after the checkpoint at step ([0-9]+)");
  std::smatch m;
  std::string out;
  ASSERT_TRUE(wait_for([&] { out = job.output(); return std::regex_search(out, m, stopped) || !job.running(); }, 120))
      << job.output();
  ASSERT_TRUE(std::regex_search(out, m, stopped)) << out;
  const pid_t stopped_pid = static_cast<pid_t>(std::stol(m[1].str()));
  const int checkpoint_step = std::stoi(m[2].str());
  const auto t0 = std::chrono::steady_clock::now();
  const std::string report = "did not arrive: world rank 1 ";
  ASSERT_TRUE(wait_for([&] { return job.output().find(report) != std::string::npos || !job.running(); }, 30))
      << job.output();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(seconds, 30.0);
  EXPECT_GE(seconds, 8.0);  // not before the timeout (10 s from rank 0's collective, issued after the stop)
  ASSERT_TRUE(wait_for([&] { return !job.running(); }, 60)) << job.output();
  EXPECT_EQ(job.wait(), launcher::kExitCollectiveHang) << job.output();
  const std::string first = job.output();
  EXPECT_NE(first.find("collective watchdog: group 0 (world ranks 0-1)"), std::string::npos) << first;
  EXPECT_NE(first.find("reported by world rank 0"), std::string::npos) << first;
  EXPECT_NE(first.find("queued again with this attempt counted"), std::string::npos) << first;
  // mpirun took the stopped rank down with the job.
  EXPECT_TRUE(wait_for([&] { return !process_alive(stopped_pid); }, 10));
  if (process_alive(stopped_pid)) ::kill(stopped_pid, SIGKILL);
  {
    results::ResultsStore store(dir + "/w.sqlite", true);
    const auto runs = store.runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, "queued");
    EXPECT_EQ(runs[0].attempts, 1);
    const std::string log = read_text(dir + "/w_runs/" + runs[0].config_hash.substr(0, 16) + "/log.txt");
    EXPECT_NE(log.find("collective watchdog:"), std::string::npos) << log;
  }
  ASSERT_EQ(runs_with_complete_checkpoint(dir + "/w_runs").size(), 1u);  // the last complete checkpoint is kept

  auto second = run_command(mpirun(2) + lnctrain("--grid " + grid));
  ASSERT_EQ(second.exit_code, 0) << second.output;
  results::ResultsStore store(dir + "/w.sqlite", true);
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "done") << runs[0].error;
  EXPECT_EQ(runs[0].attempts, 2);
  const std::string log = read_text(dir + "/w_runs/" + runs[0].config_hash.substr(0, 16) + "/log.txt");
  EXPECT_NE(log.find("resumed from step " + std::to_string(checkpoint_step)), std::string::npos) << log;
  const auto resumed = final_test_metrics(dir + "/w.sqlite");
  const auto uninterrupted = final_test_metrics(dir + "/ref.sqlite");
  ASSERT_EQ(uninterrupted.size(), 6u);  // mcc, accuracy, f1, loss, auroc, auprc
  EXPECT_EQ(resumed, uninterrupted);
}

}  // namespace
}  // namespace lnc
