// `lnctrain status` (launcher/status/grid_status.h) on a store holding a run in each state, with a grid file whose
// other points show as new; the ETA from the recorded progress; the provenance cache (results/store/run_provenance.h).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "base/sha256.h"
#include "config/run_config.h"
#include "launcher/status/grid_status.h"
#include "results/store/results_store.h"
#include "results/store/run_progress.h"
#include "results/store/run_provenance.h"
#include "tests/unit/grid_test_support.h"

namespace lnc::launcher {
namespace {

results::RunRecord record(const config::RunConfig& point, const std::string& grid) {
  results::RunRecord r;
  r.config_hash = point.config_hash;
  r.config_text = point.canonical_toml;
  r.grid_name = grid;
  r.task = point.data.task;
  r.length = point.data.length;
  r.model = point.model.name;
  r.seed = point.training.seed;
  return r;
}

TEST(GridStatus, EveryStateWithStepEtaFirstErrorLineAndNewPoints) {
  const std::string dir = test_paths::scratch_dir();
  const std::string grid_file = dir + "/g.toml";
  // Five seeds: four go into the store, one in each state, and one stays new.
  std::ofstream(grid_file) << test_paths::toy_grid_head(dir + "/s.sqlite", dir + "/runs", dir + "/none.h5")
                           << "[grid]\n\"training.seed\" = [1, 2, 3, 4, 5]\n";
  const auto grid = config::load_grid_config(grid_file);
  ASSERT_EQ(grid.points.size(), 5u);
  results::ResultsStore store(dir + "/s.sqlite");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(store.register_run(record(grid.points[static_cast<size_t>(i)], grid.job.name)));
  store.mark_running(ids[0], 1);
  store.finish_run(ids[0], "done", "", 1, {});
  store.mark_running(ids[1], 1);
  results::record_progress(store, ids[1], 10, 110, 1000.0);  // 10 steps per 10 s from here
  results::record_progress(store, ids[1], 20, 110, 1010.0);
  store.mark_running(ids[2], 1);
  store.finish_run(ids[2], "failed", "diverged: loss is NaN at step 7\nlast log lines ...", 1, {});
  // ids[3] stays queued.

  const auto status = grid_status(store, &grid, 1015.0);
  ASSERT_EQ(status.size(), 1u);
  const auto& g = status[0];
  EXPECT_EQ(g.grid, grid.job.name);
  EXPECT_EQ(g.done, 1);
  EXPECT_EQ(g.queued, 1);
  EXPECT_EQ(g.new_points, 1);
  ASSERT_EQ(g.running.size(), 1u);
  EXPECT_EQ(*g.running[0].step, 20);
  EXPECT_EQ(*g.running[0].total_steps, 110);
  EXPECT_DOUBLE_EQ(*g.running[0].seconds_since_report, 5.0);
  EXPECT_DOUBLE_EQ(*g.running[0].eta_seconds, 90.0 - 5.0);  // 90 steps at 1 s each, 5 s since the report
  ASSERT_EQ(g.failed.size(), 1u);
  EXPECT_EQ(g.failed[0].error, "diverged: loss is NaN at step 7");

  const std::string table = status_table(status);
  EXPECT_NE(table.find("1 done, 1 running, 1 queued, 1 failed, 1 new"), std::string::npos) << table;
  EXPECT_NE(table.find("step 20/110  ETA 1m25s"), std::string::npos) << table;
  const std::string json = status_json(dir + "/s.sqlite", status);
  EXPECT_NE(json.find("\"eta_seconds\": 85.0"), std::string::npos) << json;
  EXPECT_NE(json.find("\"new\": 1"), std::string::npos) << json;

  // A new attempt of the running run: its earlier reports are stale, the step is unknown until it reports.
  store.mark_running(ids[1], 1);
  ASSERT_EQ(sqlite3_exec(store.handle(),
                         ("UPDATE runs SET started_at='2099-01-01T00:00:00Z' WHERE id=" + std::to_string(ids[1])).c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  const auto later = grid_status(store, nullptr, 1015.0);
  ASSERT_EQ(later[0].running.size(), 1u);
  EXPECT_FALSE(later[0].running[0].step.has_value());
  EXPECT_EQ(later[0].new_points, 0);

  // The command line.
  auto r = test_paths::run_command(test_paths::lnctrain("status --store " + dir + "/s.sqlite --grid " + grid_file + " --json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"failed\": 1"), std::string::npos) << r.output;
}

TEST(RunProvenance, FilesAreHashedOnceAndAgainWhenTheyChange) {
  const std::string dir = test_paths::scratch_dir();
  results::ResultsStore store(dir + "/s.sqlite");
  std::ofstream(dir + "/w.safetensors") << "weights";
  std::ofstream(dir + "/config.json") << "{}";
  EXPECT_EQ(results::cached_file_sha256(store, dir + "/w.safetensors"), sha256_hex("weights"));
  EXPECT_EQ(results::weights_sha256(store, dir), "w.safetensors=" + sha256_hex("weights"));  // config.json is no weight
  // Cached by path, size and mtime: a rewrite with another size is hashed again.
  std::ofstream(dir + "/w.safetensors") << "new weights";
  EXPECT_EQ(results::cached_file_sha256(store, dir + "/w.safetensors"), sha256_hex("new weights"));
  results::RunRecord run;
  run.config_hash = "h";
  run.config_text = "x";
  const auto id = store.register_run(run);
  results::put_provenance(store, id, {{"hosts", "n1"}, {"lnctrain", "v1"}, {"zeta", "z"}});
  const auto rows = results::read_provenance(store, id);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].first, "lnctrain");  // in the documented key order, unknown keys last
  EXPECT_EQ(rows[2].first, "zeta");
}

}  // namespace
}  // namespace lnc::launcher
