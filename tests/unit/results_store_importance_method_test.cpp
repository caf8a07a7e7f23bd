// Store schema 8: importance rows carry a method; a version-6 store (no method column, key without it) is read as
// attention rows when opened read-only and rebuilt with every row as 'attention' when opened for writing, after
// which other methods' rows of the same samples coexist with them.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "results/store/results_store.h"
#include "tests/unit/store_test_support.h"
#include "tests/unit/test_paths.h"

namespace lnc::results {
namespace {

using test_support::sql;

TEST(ResultsStoreImportanceMethod, MethodsKeptApart) {
  const std::string path = test_paths::scratch_dir() + "/store.sqlite";
  ResultsStore store(path);
  RunRecord run;
  run.config_hash = "h";
  run.config_text = "x";
  const auto id = store.register_run(run);
  store.put_importance({{id, "test", 3, 1, 1, {0.5f, 0.5f}}, {id, "test", 3, 1, 1, {2.0f, -1.0f}, "ism"},
                        {id, "test", 3, 1, 1, {0.25f, 0.0f}, "integrated_gradients"}});
  EXPECT_EQ(store.importance_methods(id, "test"),
            (std::vector<std::string>{"attention", "integrated_gradients", "ism"}));
  const auto ism = store.importance(id, "test", "ism");
  ASSERT_EQ(ism.size(), 1u);
  EXPECT_EQ(ism[0].scores, (std::vector<float>{2.0f, -1.0f}));
  EXPECT_EQ(ism[0].method, "ism");
  EXPECT_EQ(store.importance(id, "test")[0].scores, (std::vector<float>{0.5f, 0.5f}));  // attention by default
  EXPECT_TRUE(store.importance(id, "test", "ism_mean").empty());
}

TEST(ResultsStoreImportanceMethod, Version6StoreIsMigratedAsAttention) {
  const std::string path = test_paths::scratch_dir() + "/store.sqlite";
  std::int64_t id = 0;
  {
    ResultsStore store(path);
    RunRecord run;
    run.config_hash = "h";
    run.config_text = "x";
    id = store.register_run(run);
  }
  // Back to what version 6 wrote: the importance table without a method.
  sql(path, R"SQL(
    DROP TABLE importance;
    CREATE TABLE importance(
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      split TEXT NOT NULL CHECK(split IN ('dev','test')),
      sample INTEGER NOT NULL, label INTEGER NOT NULL, prediction INTEGER, length INTEGER NOT NULL,
      scores BLOB NOT NULL, PRIMARY KEY(run_id, split, sample));
    INSERT INTO importance VALUES(1, 'test', 4, 0, 1, 1, X'0000803F');
    INSERT INTO importance VALUES(1, 'test', 9, 1, NULL, 1, X'00000040');
    UPDATE meta SET value='6' WHERE key='schema_version';
  )SQL");
  {
    ResultsStore old(path, /*read_only=*/true);
    EXPECT_EQ(old.importance_methods(id, "test"), (std::vector<std::string>{"attention"}));
    ASSERT_EQ(old.importance(id, "test").size(), 2u);
    EXPECT_TRUE(old.importance(id, "test", "ism").empty());
  }
  ResultsStore store(path);
  const auto rows = store.importance(id, "test");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].sample, 4);
  EXPECT_EQ(rows[0].scores, (std::vector<float>{1.0f}));
  EXPECT_EQ(rows[1].scores, (std::vector<float>{2.0f}));
  EXPECT_FALSE(rows[1].prediction.has_value());
  store.put_importance({{id, "test", 4, 0, 1, {5.0f}, "ism"}});
  EXPECT_EQ(store.importance(id, "test").size(), 2u);
  EXPECT_EQ(store.importance(id, "test", "ism").size(), 1u);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(store.handle(), "SELECT value FROM meta WHERE key='schema_version'", -1, &s, nullptr);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))), std::to_string(kStoreSchemaVersion));
  sqlite3_finalize(s);
}

}  // namespace
}  // namespace lnc::results
