// The SQLite results store: schema, idempotent registration, transactions, and the version check.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "base/input_error.h"
#include "results/store/results_store.h"
#include "tests/unit/test_paths.h"

namespace lnc::results {
namespace {

RunRecord sample_run(const std::string& hash) {
  RunRecord r;
  r.config_hash = hash;
  r.config_text = "[model]\nfamily = \"bert\"\n";
  r.grid_name = "g";
  r.task = "prom_300_notata";
  r.length = 300;
  r.model = "bert-tiny";
  r.tokenizer = "kmer";
  r.k = 3;
  r.seed = 42;
  r.num_ranks = 2;
  return r;
}

TEST(ResultsStore, RegistersOnceAndRecordsMetricsAtomically) {
  const std::string path = test_paths::scratch_dir() + "/store.sqlite";
  {
    ResultsStore store(path);
    auto id = store.register_run(sample_run("h1"));
    EXPECT_EQ(store.register_run(sample_run("h1")), id);
    EXPECT_EQ(store.find_run("h1")->status, "queued");
    store.mark_running(id, 2);
    store.finish_run(id, "done", "", 12.5,
                     {{id, "test", std::nullopt, "mcc", 0.61}, {id, "dev", 0, "loss", 0.5}, {id, "test", std::nullopt, "accuracy", 0.8}});
    // A bad metric name violates the schema: the whole transaction is rolled back, status unchanged.
    auto id2 = store.register_run(sample_run("h2"));
    EXPECT_THROW(store.finish_run(id2, "done", "", 1, {{id2, "test", std::nullopt, "auc", 0.5}}), InputError);
    EXPECT_EQ(store.find_run("h2")->status, "queued");
  }
  ResultsStore reader(path, /*read_only=*/true);
  auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].status, "done");
  EXPECT_DOUBLE_EQ(runs[0].wall_seconds, 12.5);
  auto metrics = reader.metrics(runs[0].id);
  ASSERT_EQ(metrics.size(), 3u);
  EXPECT_FALSE(metrics[0].epoch.has_value());
  EXPECT_EQ(metrics[1].epoch.value(), 0);
}

TEST(ResultsStore, RefusesAStoreFromANewerSchema) {
  const std::string path = test_paths::scratch_dir() + "/store.sqlite";
  { ResultsStore store(path); }
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "UPDATE meta SET value='99' WHERE key='schema_version'", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  try {
    ResultsStore store(path);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("store.sqlite"), std::string::npos);
  }
}

}  // namespace
}  // namespace lnc::results
