// Results store schema version 2: the importance and dataset_stats tables, and migration of a version-1 store.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "results/store/results_store.h"
#include "tests/unit/test_paths.h"

namespace lnc::results {
namespace {

RunRecord run_named(const std::string& hash) {
  RunRecord r;
  r.config_hash = hash;
  r.config_text = "x";
  r.task = "task3";
  r.length = 300;
  r.model = "dnabert";
  return r;
}

std::string schema_version(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='schema_version'", -1, &st, nullptr);
  std::string v = sqlite3_step(st) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0)) : "";
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

TEST(ResultsStoreImportance, RoundTripsScoresAndStats) {
  const std::string path = test_paths::scratch_dir() + "/store.sqlite";
  ResultsStore store(path);
  EXPECT_EQ(schema_version(path), std::to_string(kStoreSchemaVersion));
  const auto run = store.register_run(run_named("a"));
  ImportanceRecord r0{run, "test", 0, 1, 1, {0.5f, 0.25f, -1.0f}};
  ImportanceRecord r1{run, "test", 1, 0, std::nullopt, {0.125f}};
  store.put_importance({r1, r0});
  auto back = store.importance(run, "test");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].sample, 0);
  EXPECT_EQ(back[0].label, 1);
  EXPECT_EQ(back[0].prediction, std::optional<std::int64_t>(1));
  EXPECT_EQ(back[0].scores, (std::vector<float>{0.5f, 0.25f, -1.0f}));
  EXPECT_FALSE(back[1].prediction.has_value());
  EXPECT_TRUE(store.importance(run, "dev").empty());
  // A re-run replaces its own rows.
  r0.scores = {1.0f};
  store.put_importance({r0});
  EXPECT_EQ(store.importance(run, "test")[0].scores, (std::vector<float>{1.0f}));

  store.put_dataset_stats({{"gtex_v8_genes", "protein_coding", 19000, 44.93, 792.96},
                           {"gtex_v8_genes", "lncRNA", 15000, 0.94, std::nullopt}});
  auto stats = store.dataset_stats();
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(stats[0].biotype, "lncRNA");  // ordered by dataset, biotype
  EXPECT_FALSE(stats[0].sd_tpm.has_value());
  EXPECT_DOUBLE_EQ(*stats[1].mean_tpm, 44.93);
  EXPECT_THROW(store.put_importance({{run, "train", 0, 0, std::nullopt, {}}}), InputError);  // split CHECK
}

TEST(ResultsStoreImportance, SplitStatsRoundTripInSplitThenLabelOrder) {
  const std::string path = test_paths::scratch_dir() + "/splits.sqlite";
  ResultsStore store(path);
  store.put_split_stats({{"d", "test", -1, 3, 10, 30, 20.0},
                         {"d", "test", 1, 2, 10, 30, 20.0},
                         {"d", "train", 0, 5, std::nullopt, std::nullopt, std::nullopt},
                         {"d", "dev", 0, 1, 7, 7, 7.0}});
  store.put_split_stats({{"d", "test", 1, 1, 30, 30, 30.0}});  // same key: replaced
  auto rows = store.split_stats();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].split, "train");
  EXPECT_FALSE(rows[0].mean_bases.has_value());
  EXPECT_EQ(rows[1].split, "dev");
  EXPECT_EQ(rows[1].min_bases.value_or(-1), 7);
  EXPECT_EQ(rows[2].split, "test");
  EXPECT_EQ(rows[2].label, 1);  // classes first, the total (-1) last
  EXPECT_EQ(rows[2].examples, 1);
  EXPECT_EQ(rows[3].label, -1);
  EXPECT_EQ(rows[3].mean_bases.value_or(-1), 20.0);
}

TEST(ResultsStoreImportance, MigratesVersionOneStoreByAddingTables) {
  const std::string path = test_paths::scratch_dir() + "/v1.sqlite";
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    // The version-1 schema as results_store.cpp created it.
    const char* v1 = R"SQL(
      CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE runs(id INTEGER PRIMARY KEY, config_hash TEXT NOT NULL UNIQUE, config_text TEXT NOT NULL,
        grid_name TEXT, task TEXT, length INTEGER, model TEXT, tokenizer TEXT, k INTEGER, seed INTEGER,
        num_ranks INTEGER, status TEXT NOT NULL CHECK(status IN ('queued','running','done','failed')),
        created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, error TEXT, wall_seconds REAL);
      CREATE TABLE metrics(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        split TEXT NOT NULL CHECK(split IN ('train','dev','test')), epoch INTEGER,
        name TEXT NOT NULL CHECK(name IN ('mcc','accuracy','f1','loss')), value REAL NOT NULL);
      CREATE UNIQUE INDEX metrics_unique ON metrics(run_id, split, coalesce(epoch, -1), name);
      INSERT INTO meta VALUES('schema_version', '1');
      INSERT INTO runs(config_hash, config_text, task, status, created_at) VALUES('h', 't', 'task1', 'done', 'now');
    )SQL";
    ASSERT_EQ(sqlite3_exec(db, v1, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  {
    ResultsStore read_only(path, /*read_only=*/true);  // no migration, and readers see empty new tables
    EXPECT_TRUE(read_only.importance(1, "test").empty());
    EXPECT_TRUE(read_only.dataset_stats().empty());
    EXPECT_TRUE(read_only.split_stats().empty());  // version 4 table
    ASSERT_EQ(read_only.runs().size(), 1u);  // version-3 columns read as NULL
    EXPECT_FALSE(read_only.runs()[0].group_index);
  }
  EXPECT_EQ(schema_version(path), "1");
  {
    ResultsStore store(path);
    ASSERT_EQ(store.runs().size(), 1u);  // old rows kept
    EXPECT_FALSE(store.runs()[0].group_index);
    store.mark_running(1, 2, 1, "2-3");
    EXPECT_EQ(*store.find_run("h")->group_index, 1);
    EXPECT_EQ(store.find_run("h")->ranks, "2-3");
    store.put_importance({{1, "test", 0, 1, std::nullopt, {0.5f}}});
    EXPECT_EQ(store.importance(1, "test").size(), 1u);
    store.put_split_stats({{"toy", "test", -1, 3, 48, 48, 48.0}});
    EXPECT_EQ(store.split_stats().size(), 1u);
  }
  EXPECT_EQ(schema_version(path), std::to_string(kStoreSchemaVersion));
}

}  // namespace
}  // namespace lnc::results
