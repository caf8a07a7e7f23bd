// Crash consistency of the results store: a child process writes finished runs (run + metrics, one transaction
// each through ResultsStore::finish_run) in a burst and reports every committed run id over a pipe; the parent
// SIGKILLs it at a random moment, then the store must pass PRAGMA integrity_check and hold every reported run
// complete. tests/reference/store_kill_loop.sh repeats it (different kill moments) outside CI.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "results/store/results_store.h"
#include "tests/unit/test_paths.h"

namespace lnc::results {
namespace {

[[noreturn]] void write_burst(const std::string& path, int report_fd) {
  try {
    ResultsStore store(path);
    for (int i = 0;; ++i) {
      RunRecord run;
      run.config_hash = "kill-test-" + std::to_string(i);
      run.config_text = "[model]\nfamily = \"bert\"\n";
      run.grid_name = "kill";
      run.task = "prom_300_notata";
      run.model = "bert-tiny";
      run.tokenizer = "kmer";
      const std::int64_t id = store.register_run(run);
      store.mark_running(id, 1);
      store.finish_run(id, "done", "", 0.5 + i,
                       {{id, "test", std::nullopt, "mcc", 0.5}, {id, "test", std::nullopt, "accuracy", 0.75},
                        {id, "dev", 0, "loss", 0.6}, {id, "dev", 1, "loss", 0.4}});
      // Reported only once finish_run returned, i.e. committed.
      if (::write(report_fd, &id, sizeof id) != static_cast<ssize_t>(sizeof id)) ::_exit(3);
    }
  } catch (...) {
    ::_exit(2);
  }
}

TEST(ResultsStoreKill, EveryReportedResultSurvivesSigkillOfTheWriter) {
  const std::string path = test_paths::scratch_dir() + "/store.sqlite";
  std::random_device seed_source;
  const unsigned seed = seed_source();
  std::mt19937 rng(seed);
  const int kill_after_ms = std::uniform_int_distribution<int>(1, 400)(rng);
  SCOPED_TRACE("seed " + std::to_string(seed) + ", SIGKILL " + std::to_string(kill_after_ms) + " ms after the first result");

  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    write_burst(path, fds[1]);
  }
  ::close(fds[1]);

  std::vector<std::int64_t> reported;
  std::int64_t id = 0;
  ASSERT_EQ(::read(fds[0], &id, sizeof id), static_cast<ssize_t>(sizeof id)) << "the writer reported nothing";
  reported.push_back(id);
  std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms));
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the writer ended on its own: " << status;
  // Whatever the child wrote to the pipe before dying was committed before it was written.
  while (::read(fds[0], &id, sizeof id) == static_cast<ssize_t>(sizeof id)) reported.push_back(id);
  ::close(fds[0]);
  RecordProperty("reported_results", static_cast<int>(reported.size()));

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* check = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(check), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(check, 0)), "ok");
  sqlite3_finalize(check);
  sqlite3_close(db);

  // The store opens normally (a hot journal is rolled back) and holds every reported run complete.
  ResultsStore store(path, /*read_only=*/true);
  std::set<std::int64_t> done;
  for (const RunRecord& run : store.runs()) {
    if (run.status != "done") continue;
    done.insert(run.id);
    // A finished run always has all four metrics: finish_run is one transaction.
    EXPECT_EQ(store.metrics(run.id).size(), 4u) << "run " << run.id;
  }
  for (std::int64_t reported_id : reported) EXPECT_TRUE(done.count(reported_id)) << "lost run " << reported_id;
  EXPECT_GE(done.size(), reported.size());
  std::printf("store kill: seed %u, killed %d ms after the first result, %zu results reported, %zu in the store\n", seed,
              kill_after_ms, reported.size(), done.size());
}

}  // namespace
}  // namespace lnc::results
