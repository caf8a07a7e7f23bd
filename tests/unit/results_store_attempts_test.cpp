// runs.attempts (schema 6): counted at each start, back to 0 on preemption and on reset, kept by a finished run;
// a version-5 store is migrated keeping its rows, a 'running' one with its one attempt that did not end.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "results/store/results_store.h"
#include "tests/unit/store_test_support.h"
#include "tests/unit/test_paths.h"

namespace lnc::results {
namespace {

using test_support::run_with_hash;
using test_support::sql;

TEST(ResultsStoreAttempts, CountedAtEachStartResetByPreemptionAndByRequest) {
  const std::string path = test_paths::scratch_dir() + "/store.sqlite";
  ResultsStore store(path);
  const auto id = store.register_run(run_with_hash("a"));
  EXPECT_EQ(store.find_run("a")->attempts, 0);
  store.mark_running(id, 1);
  store.mark_running(id, 1, 0, "0");
  EXPECT_EQ(store.find_run("a")->attempts, 2);
  store.mark_queued(id);  // preempted: not a death
  EXPECT_EQ(store.find_run("a")->attempts, 0);
  store.mark_running(id, 1, 0, "0");
  store.finish_run(id, "failed", "boom", 1, {});
  EXPECT_EQ(store.find_run("a")->attempts, 1);  // a finished run keeps its count
  store.reset_attempts(id);
  EXPECT_EQ(store.find_run("a")->attempts, 0);
  EXPECT_EQ(store.find_run("a")->status, "failed");
}

TEST(ResultsStoreAttempts, AVersion5StoreIsMigratedKeepingEveryRow) {
  const std::string path = test_paths::scratch_dir() + "/store.sqlite";
  {
    ResultsStore store(path);
    store.register_run(run_with_hash("queued"));
    store.mark_running(store.register_run(run_with_hash("running")), 1);
    const auto done = store.register_run(run_with_hash("done"));
    store.mark_running(done, 1);
    store.finish_run(done, "done", "", 1, {{done, "test", std::nullopt, "mcc", 0.5}});
  }
  // Back to what version 5 wrote: no attempts column.
  sql(path, "ALTER TABLE runs DROP COLUMN attempts; UPDATE meta SET value='5' WHERE key='schema_version'");
  {
    ResultsStore old(path, /*read_only=*/true);  // read as 0, not rewritten
    ASSERT_EQ(old.runs().size(), 3u);
    for (const auto& r : old.runs()) EXPECT_EQ(r.attempts, 0) << r.config_hash;
  }
  ResultsStore store(path);
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].status, "queued");
  EXPECT_EQ(runs[0].attempts, 0);
  EXPECT_EQ(runs[1].status, "running");
  EXPECT_EQ(runs[1].attempts, 1);
  EXPECT_EQ(runs[2].status, "done");
  EXPECT_EQ(runs[2].attempts, 0);
  EXPECT_EQ(store.metrics(runs[2].id).size(), 1u);
  ResultsStore reader(path, true);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(reader.handle(), "SELECT value FROM meta WHERE key='schema_version'", -1, &s, nullptr);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))), std::to_string(kStoreSchemaVersion));
  sqlite3_finalize(s);
}

}  // namespace
}  // namespace lnc::results
