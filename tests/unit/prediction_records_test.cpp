// Per-sample predictions in the store (schema 7, results/store/prediction_records.h), their CSV export
// (`lnctrain predictions`, results/store/predictions_csv.h), and the migration of a version-6 store (metrics.name
// widened to auroc/auprc with every row kept, the predictions table added).
#include <gtest/gtest.h>

#include "base/input_error.h"
#include "results/store/prediction_records.h"
#include "results/store/predictions_csv.h"
#include "results/store/results_store.h"
#include "tests/unit/mpi_launch.h"
#include "tests/unit/store_test_support.h"
#include "tests/unit/test_paths.h"

namespace lnc::results {
namespace {

using test_support::run_with_hash;
using test_support::sql;

std::vector<PredictionRecord> rows_of(std::int64_t id) {
  return {{id, "test", 1, 0, 1, {0.25f, 0.75f}},
          {id, "dev", 0, 1, 1, {0.125f, 0.875f}},
          {id, "test", 0, 1, 1, {0.1f, 0.9f}}};
}

TEST(PredictionRecords, RoundTripOrderedDevThenTestBySample) {
  const std::string path = test_paths::scratch_dir() + "/store.sqlite";
  ResultsStore store(path);
  const auto id = store.register_run(run_with_hash("a"));
  put_predictions(store, id, rows_of(id));
  const auto back = read_predictions(store, id);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].split, "dev");
  EXPECT_EQ(back[1].split, "test");
  EXPECT_EQ(back[1].sample, 0);
  EXPECT_EQ(back[2].sample, 1);
  EXPECT_EQ(back[2].probabilities, (std::vector<float>{0.25f, 0.75f}));
  EXPECT_EQ(read_predictions(store, id, "test").size(), 2u);
  // A rerun replaces its rows, also the ones it no longer has.
  put_predictions(store, id, {{id, "test", 5, 1, 0, {0.5f, 0.5f}}});
  const auto rerun = read_predictions(store, id, "test");
  ASSERT_EQ(rerun.size(), 1u);
  EXPECT_EQ(rerun[0].sample, 5);
  EXPECT_EQ(read_predictions(store, id, "dev").size(), 1u);
}

TEST(PredictionRecords, CsvHasTheDocumentedHeaderAndOneLinePerSequence) {
  const std::string dir = test_paths::scratch_dir();
  const std::string path = dir + "/store.sqlite";
  ResultsStore store(path);
  const auto id = store.register_run(run_with_hash("abcdef0123"));
  store.register_run(run_with_hash("abc999"));
  put_predictions(store, id, rows_of(id));
  EXPECT_EQ(predictions_csv(store, id),
            "split,index,label,prediction,prob_0,prob_1\n"
            "dev,0,1,1,0.125,0.875\n"
            "test,0,1,1,0.100000001,0.899999976\n"
            "test,1,0,1,0.25,0.75\n");
  EXPECT_EQ(resolve_run(store, std::to_string(id)), id);
  EXPECT_EQ(resolve_run(store, "abcd"), id);
  EXPECT_THROW(resolve_run(store, "abc"), InputError);    // two runs
  EXPECT_THROW(resolve_run(store, "fff"), InputError);    // none
  EXPECT_THROW(predictions_csv(store, id + 1), InputError);  // no predictions

  const std::string csv = dir + "/p.csv";
  const auto r = test_paths::run_command(test_paths::lnctrain("predictions --store " + path + " --run abcd --out " + csv));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto bad = test_paths::run_command(test_paths::lnctrain("predictions --store " + path + " --run 99"));
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--run"), std::string::npos) << bad.output;
}

TEST(PredictionRecords, AVersion6StoreIsMigratedKeepingItsMetrics) {
  const std::string path = test_paths::scratch_dir() + "/store.sqlite";
  {
    ResultsStore store(path);
    const auto id = store.register_run(run_with_hash("done"));
    store.mark_running(id, 1);
    store.finish_run(id, "done", "", 1,
                     {{id, "test", std::nullopt, "mcc", 0.5}, {id, "dev", 0, "loss", 0.7}, {id, "test", std::nullopt, "f1", 0.6}});
  }
  // Back to what version 6 wrote: the narrower CHECK, no predictions table.
  sql(path, R"SQL(
    DROP TABLE predictions;
    CREATE TABLE m6(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      split TEXT NOT NULL CHECK(split IN ('train','dev','test')), epoch INTEGER,
      name TEXT NOT NULL CHECK(name IN ('mcc','accuracy','f1','loss')), value REAL NOT NULL);
    INSERT INTO m6(rowid, run_id, split, epoch, name, value) SELECT rowid, run_id, split, epoch, name, value FROM metrics;
    DROP TABLE metrics;
    ALTER TABLE m6 RENAME TO metrics;
    CREATE UNIQUE INDEX metrics_unique ON metrics(run_id, split, coalesce(epoch, -1), name);
    UPDATE meta SET value='6' WHERE key='schema_version';
  )SQL");
  {
    ResultsStore old(path, /*read_only=*/true);  // read-only: readable, not rewritten
    EXPECT_TRUE(read_predictions(old, 1).empty());
    EXPECT_EQ(old.metrics(1).size(), 3u);
  }
  ResultsStore store(path);
  const auto id = store.find_run("done")->id;
  const auto kept = store.metrics(id);
  ASSERT_EQ(kept.size(), 3u);  // in their order
  EXPECT_EQ(kept[0].name, "mcc");
  EXPECT_EQ(kept[1].name, "loss");
  EXPECT_EQ(*kept[1].epoch, 0);
  EXPECT_EQ(kept[2].value, 0.6);
  store.finish_run(id, "done", "", 1, {{id, "test", std::nullopt, "auroc", 0.9}, {id, "test", std::nullopt, "auprc", 0.8}});
  EXPECT_EQ(store.metrics(id).size(), 5u);
  put_predictions(store, id, rows_of(id));
  EXPECT_EQ(read_predictions(store, id).size(), 3u);
  // The unique index survived the rebuild.
  store.finish_run(id, "done", "", 1, {{id, "test", std::nullopt, "mcc", 0.55}});
  EXPECT_EQ(store.metrics(id).size(), 5u);
}

}  // namespace
}  // namespace lnc::results
