// The grid engine end to end under mpirun on a toy dataset (seconds per run): packing onto rank groups,
// failure isolation, resume after SIGKILL with results identical to an uninterrupted run, group sizes per point
// (phases), and checkpoint + exit code on SIGTERM.
#include <gtest/gtest.h>

#include <algorithm>
#include <iomanip>
#include <map>
#include <regex>
#include <set>

#include "config/run_config.h"
#include "launcher/grid/group_size_plan.h"
#include "launcher/plan/plan_input.h"
#include "results/store/prediction_records.h"
#include "results/store/results_store.h"
#include "tests/unit/grid_test_support.h"

namespace lnc {
namespace {

using namespace test_paths;

std::map<std::string, std::map<std::string, double>> final_test_metrics_by_hash(const std::string& store_path) {
  results::ResultsStore store(store_path, true);
  std::map<std::string, std::map<std::string, double>> out;
  for (const auto& run : store.runs())
    for (const auto& m : store.metrics(run.id))
      if (m.split == "test" && !m.epoch) out[run.config_hash][m.name] = m.value;
  return out;
}

// Four points of uneven length (max_steps zipped with the seed).
std::string four_point_grid(const std::string& dir, const std::string& name, const std::string& tokens,
                            int checkpoint_every) {
  const std::string path = dir + "/" + name + ".toml";
  std::ofstream(path) << toy_grid_head(dir + "/" + name + ".sqlite", dir + "/" + name + "_runs", tokens)
                      << "checkpoint_every = " << checkpoint_every << "\n"
                      << "[[grid.zip]]\n\"training.seed\" = [1, 2, 3, 4]\n\"training.max_steps\" = [40, 20, 30, 10]\n";
  return path;
}

TEST(IntegrationGrid, FourPointsOnTwoSingleRankGroupsUseBothGroups) {
  const std::string dir = scratch_dir();
  const std::string tokens = prepare_toy_tokens(dir);
  const std::string grid = four_point_grid(dir, "a", tokens, 0);
  auto run = run_command(mpirun(2) + lnctrain("--grid " + grid + " --progress-seconds 1"));
  ASSERT_EQ(run.exit_code, 0) << run.output;

  results::ResultsStore store(dir + "/a.sqlite", true);
  auto runs = store.runs();
  ASSERT_EQ(runs.size(), 4u);  // one row per point
  std::set<std::int64_t> groups;
  for (const auto& r : runs) {
    EXPECT_EQ(r.status, "done") << r.error;
    ASSERT_TRUE(r.group_index.has_value());
    EXPECT_EQ(r.ranks, std::to_string(*r.group_index));  // groups of one rank: group g is world rank g
    EXPECT_EQ(r.num_ranks, 1);
    groups.insert(*r.group_index);
    EXPECT_EQ(final_test_metrics_by_hash(dir + "/a.sqlite")[r.config_hash].size(), 6u);  // + auroc, auprc
    EXPECT_EQ(results::read_predictions(store, r.id).size(), 32u + 64u) << r.config_hash;  // dev + test rows
  }
  EXPECT_EQ(groups, (std::set<std::int64_t>{0, 1}));
  EXPECT_NE(run.output.find("packing efficiency"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("progress: "), std::string::npos) << run.output;

  // Resubmission: everything is done, nothing runs again.
  auto again = run_command(mpirun(2) + lnctrain("--grid " + grid));
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("0 done, 0 failed, 0 interrupted, 4 skipped"), std::string::npos) << again.output;
}

TEST(IntegrationGrid, FailingPointsAreRecordedAndTheRestProceeds) {
  const std::string dir = scratch_dir();
  const std::string tokens = prepare_toy_tokens(dir);
  const std::string grid = dir + "/f.toml";
  // Point 2 has a model directory that does not exist; point 3 diverges (lr 1e30 without clipping).
  std::ofstream(grid) << toy_grid_head(dir + "/f.sqlite", dir + "/f_runs", tokens) << "max_steps = 10\n"
                      << "[[grid.zip]]\n\"model.name\" = [\"ok1\", \"badmodel\", \"nan\", \"ok2\"]\n"
                      << "\"model.pretrained\" = [\"\", \"" << dir << "/no_such_model\", \"\", \"\"]\n"
                      << "\"optimizer.lr\" = [1e-3, 1e-3, 1e30, 1e-3]\n"
                      << "\"optimizer.max_grad_norm\" = [1.0, 1.0, 0.0, 1.0]\n";
  // The pre-flight refuses the missing model directory before any point starts (launcher/preflight/preflight.h)...
  auto refused = run_command(mpirun(2) + lnctrain("--grid " + grid));
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("[2/4] badmodel toy seed 42: model.pretrained: pretrained directory " + dir +
                                "/no_such_model does not exist"),
            std::string::npos)
      << refused.output;
  EXPECT_FALSE(file_exists(dir + "/f_runs"));
  // ...and without it the run-time path records each failure and runs the rest.
  auto run = run_command(mpirun(2) + lnctrain("--grid " + grid + " --no-preflight"));
  EXPECT_EQ(run.exit_code, 3) << run.output;
  results::ResultsStore store(dir + "/f.sqlite", true);
  std::map<std::string, results::RunRecord> by_model;
  for (const auto& r : store.runs()) by_model[r.model] = r;
  ASSERT_EQ(by_model.size(), 4u) << run.output;
  EXPECT_EQ(by_model["ok1"].status, "done");
  EXPECT_EQ(by_model["ok2"].status, "done");
  EXPECT_EQ(by_model["badmodel"].status, "failed");
  EXPECT_NE(by_model["badmodel"].error.find("config.json"), std::string::npos) << by_model["badmodel"].error;
  EXPECT_EQ(by_model["nan"].status, "failed");
  EXPECT_TRUE(std::regex_search(by_model["nan"].error, std::regex("^diverged: loss is (NaN|infinite) at step [0-9]+$")))
      << by_model["nan"].error;
}

// A run that holds (launcher/grid/fault_injection.h) after a complete checkpoint: its directory, the step of
// that checkpoint and the pid of the rank that logged it; empty until one does.
struct HeldRun {
  std::string dir;
  int step = 0;
  pid_t pid = 0;
};
HeldRun held_run(const std::string& runs_dir) {
  const std::regex hold("test hook: holding after the checkpoint at step ([0-9]+) \\(pid ([0-9]+)\\)");
  for (const auto& run : list_dir(runs_dir)) {
    const std::string log = read_text(runs_dir + "/" + run + "/log.txt");
    std::smatch m;
    if (std::regex_search(log, m, hold)) return {run, std::stoi(m[1].str()), static_cast<pid_t>(std::stol(m[2].str()))};
  }
  return {};
}

// Deterministic: with LNC_TEST_HOLD_AFTER_CHECKPOINT=1 every rank stops after its run's first complete checkpoint
// until it is killed, so the kill always lands mid-run, after a checkpoint, before the run could finish.
TEST(IntegrationGrid, KilledRankResumesFromCheckpointWithIdenticalResults) {
  const std::string dir = scratch_dir();
  const std::string tokens = prepare_toy_tokens(dir);
  // Reference: the same points uninterrupted (same hashes: [job] is not part of a run's identity).
  const std::string reference = four_point_grid(dir, "ref", tokens, 10);
  auto ref = run_command(mpirun(2) + lnctrain("--grid " + reference));
  ASSERT_EQ(ref.exit_code, 0) << ref.output;

  const std::string grid = four_point_grid(dir, "k", tokens, 10);
  const std::string runs_dir = dir + "/k_runs";
  HeldRun held;
  {
    BackgroundMpirun job(2, "--grid " + grid, dir + "/k_first.log", "-x LNC_TEST_HOLD_AFTER_CHECKPOINT=1");
    ASSERT_TRUE(wait_for([&] { return !(held = held_run(runs_dir)).dir.empty() || !job.running(); }, 120))
        << job.output();
    ASSERT_TRUE(job.running()) << "the grid ended without holding:\n" << job.output();
    EXPECT_TRUE(file_exists(runs_dir + "/" + held.dir + "/checkpoint/step-" + std::to_string(held.step) + "/DONE"));
    const auto ranks = job.rank_pids();
    ASSERT_EQ(ranks.size(), 2u);
    ASSERT_NE(std::find(ranks.begin(), ranks.end(), held.pid), ranks.end()) << held.pid << " is not a rank";
    ::kill(held.pid, SIGKILL);
    EXPECT_NE(job.wait(), 0) << job.output();
  }
  {
    // Mid-run: the killed point is not done, and its checkpoint is from before its last step.
    results::ResultsStore store(dir + "/k.sqlite", true);
    for (const auto& r : store.runs())
      if (r.config_hash.substr(0, 16) == held.dir) {
        EXPECT_EQ(r.status, "running");
        EXPECT_GT(held.step, 0);
        EXPECT_LT(held.step, r.seed == 1 ? 40 : r.seed == 2 ? 20 : r.seed == 3 ? 30 : 10);
      }
  }
  auto second = run_command(mpirun(2) + lnctrain("--grid " + grid));
  ASSERT_EQ(second.exit_code, 0) << second.output;

  results::ResultsStore store(dir + "/k.sqlite", true);
  auto runs = store.runs();
  ASSERT_EQ(runs.size(), 4u);
  for (const auto& r : runs) EXPECT_EQ(r.status, "done") << r.error;
  const std::string log = read_text(runs_dir + "/" + held.dir + "/log.txt");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(log, m, std::regex("resumed from step ([0-9]+)"))) << log;
  EXPECT_EQ(std::stoi(m[1]), held.step) << log;  // from its checkpoint, not from step 0
  EXPECT_NE(second.output.find("(resumed from step " + std::to_string(held.step) + ")"), std::string::npos)
      << second.output;
  // Every run trained once to the end: each log has exactly one "done in".
  for (const auto& r : runs) {
    const std::string l = read_text(runs_dir + "/" + r.config_hash.substr(0, 16) + "/log.txt");
    size_t count = 0;
    for (size_t p = l.find("done in"); p != std::string::npos; p = l.find("done in", p + 1)) ++count;
    EXPECT_EQ(count, 1u) << l;
  }
  auto resumed = final_test_metrics_by_hash(dir + "/k.sqlite");
  auto uninterrupted = final_test_metrics_by_hash(dir + "/ref.sqlite");
  ASSERT_EQ(resumed.size(), 4u);
  ASSERT_EQ(uninterrupted.size(), 4u);
  for (const auto& [hash, metrics] : uninterrupted) {
    ASSERT_EQ(resumed[hash].size(), 6u) << hash;  // mcc, accuracy, f1, loss, auroc, auprc
    for (const auto& [name, value] : metrics) EXPECT_EQ(resumed[hash][name], value) << hash << " " << name;
  }
}

// Group size per point: a point on both ranks (phase 1) and points on single ranks (phase 2) in one grid; one
// of them "auto" with a device memory that only a two-rank share fits (the memory plan, computed here).
TEST(IntegrationGrid, PointsWithGroupSizesOneAndTwoRunInPhases) {
  const std::string dir = scratch_dir();
  const std::string tokens = prepare_toy_tokens(dir);
  const std::string path = dir + "/m.toml";
  auto write = [&](double gib) {
    std::ofstream(path) << toy_grid_head(dir + "/m.sqlite", dir + "/m_runs", tokens) << "max_steps = 6\n"
                        << "[parallelism]\ndevice_memory_gib = " << std::setprecision(17) << gib << "\n"
                        << "[[grid.zip]]\n\"training.seed\" = [1, 2, 3, 4]\n"
                        << "\"parallelism.group_size\" = [2, 1, 1, \"auto\"]\n";
  };
  write(80);
  auto auto_point = config::load_grid_config(path).points[3];
  const double one = double(launcher::plan_memory(launcher::plan_input(auto_point, 1, "fp32", 80)).total_bytes);
  const double two = double(launcher::plan_memory(launcher::plan_input(auto_point, 2, "fp32", 80)).total_bytes);
  write((one + two) / 2 / double(std::int64_t(1) << 30));
  auto grid = config::load_grid_config(path);
  ASSERT_EQ(launcher::choose_group_size(grid.points[3], 2, 4).size, 2);

  auto dry = run_command(lnctrain("train --grid " + path + " --dry-run --ranks 2"));
  ASSERT_EQ(dry.exit_code, 0) << dry.output;
  EXPECT_NE(dry.output.find("2 rank(s): phase 1 in 1 group(s) of 2, phase 2 in 2 group(s) of 1"), std::string::npos)
      << dry.output;
  EXPECT_NE(dry.output.find("2 auto"), std::string::npos) << dry.output;
  EXPECT_NE(dry.output.find("1 configured"), std::string::npos) << dry.output;
  EXPECT_NE(dry.output.find("phase 1 group 0 (ranks 0-1)"), std::string::npos) << dry.output;

  auto run = run_command(mpirun(2) + lnctrain("--grid " + path));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("group sizes 2 (1 group(s)), then 1 (2 group(s))"), std::string::npos) << run.output;
  results::ResultsStore store(dir + "/m.sqlite", true);
  auto runs = store.runs();
  ASSERT_EQ(runs.size(), 4u);
  for (const auto& r : runs) {
    EXPECT_EQ(r.status, "done") << r.error;
    const bool pair = r.seed == 1 || r.seed == 4;
    EXPECT_EQ(r.num_ranks, pair ? 2 : 1) << r.seed;
    if (pair) {
      EXPECT_EQ(r.ranks, "0-1") << r.seed;
    } else {
      EXPECT_TRUE(r.ranks == "0" || r.ranks == "1") << r.seed << " " << r.ranks;
    }
    EXPECT_EQ(final_test_metrics_by_hash(dir + "/m.sqlite")[r.config_hash].size(), 6u) << r.seed;  // + auroc, auprc
  }
}

TEST(IntegrationGrid, SigtermCheckpointsAndExitsWith143) {
  const std::string dir = scratch_dir();
  const std::string tokens = prepare_toy_tokens(dir);
  const std::string grid = dir + "/t.toml";
  std::ofstream(grid) << toy_grid_head(dir + "/t.sqlite", dir + "/t_runs", tokens, 50)
                      << "checkpoint_every = 2\n[grid]\n\"training.seed\" = [1, 2]\n";
  BackgroundMpirun job(2, "--grid " + grid, dir + "/t.log");
  ASSERT_TRUE(wait_for([&] { return !runs_with_complete_checkpoint(dir + "/t_runs").empty() || !job.running(); }, 120))
      << job.output();
  ASSERT_TRUE(job.running()) << job.output();
  for (pid_t rank : job.rank_pids()) ::kill(rank, SIGTERM);
  const int code = job.wait();
  EXPECT_EQ(code, 143) << job.output();
  const std::string out = job.output();
  EXPECT_NE(out.find("checkpointed at step"), std::string::npos) << out;
  results::ResultsStore store(dir + "/t.sqlite", true);
  int queued = 0;
  for (const auto& r : store.runs()) {
    EXPECT_NE(r.status, "done");
    if (r.status == "queued") ++queued;
    // The stop left a complete checkpoint for each run that was stopped.
    const std::string log = read_text(dir + "/t_runs/" + r.config_hash.substr(0, 16) + "/log.txt");
    std::smatch m;
    if (std::regex_search(log, m, std::regex("checkpointed at step ([0-9]+)"))) {
      EXPECT_TRUE(file_exists(dir + "/t_runs/" + r.config_hash.substr(0, 16) + "/checkpoint/step-" + m[1].str() + "/DONE"));
    }
  }
  EXPECT_EQ(queued, 2);
}

}  // namespace
}  // namespace lnc
