#include "results/store/run_progress.h"

#include "results/store/results_store.h"
#include "results/store/sqlite_statement.h"

namespace lnc::results {

const char* const kRunProgressTable = R"SQL(
    CREATE TABLE IF NOT EXISTS run_progress(
      run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
      attempt_started_at TEXT NOT NULL,
      first_step INTEGER NOT NULL, first_unix REAL NOT NULL,
      last_step INTEGER NOT NULL, last_unix REAL NOT NULL,
      total_steps INTEGER NOT NULL);
)SQL";

void record_progress(ResultsStore& store, std::int64_t run_id, std::int64_t step, std::int64_t total_steps,
                     double unix_seconds) {
  sqlite3* db = store.handle();
  Transaction tx(db, store.path());
  std::string attempt;
  {
    Statement q(db, "SELECT coalesce(started_at, '') FROM runs WHERE id=?", store.path());
    q.bind(1, run_id);
    if (q.step()) attempt = q.text(0);
  }
  bool same_attempt = false;
  {
    Statement q(db, "SELECT attempt_started_at FROM run_progress WHERE run_id=?", store.path());
    q.bind(1, run_id);
    same_attempt = q.step() && q.text(0) == attempt;
  }
  if (same_attempt) {
    Statement s(db, "UPDATE run_progress SET last_step=?, last_unix=?, total_steps=? WHERE run_id=?", store.path());
    s.bind(1, step).bind(2, unix_seconds).bind(3, total_steps).bind(4, run_id);
    s.step();
  } else {
    Statement s(db,
                "INSERT OR REPLACE INTO run_progress(run_id, attempt_started_at, first_step, first_unix, last_step, "
                "last_unix, total_steps) VALUES(?,?,?,?,?,?,?)",
                store.path());
    s.bind(1, run_id).bind(2, attempt).bind(3, step).bind(4, unix_seconds).bind(5, step).bind(6, unix_seconds);
    s.bind(7, total_steps);
    s.step();
  }
  tx.commit();
}

std::optional<ProgressRecord> read_progress(const ResultsStore& store, std::int64_t run_id) {
  {
    Statement t(store.handle(), "SELECT 1 FROM sqlite_master WHERE type='table' AND name='run_progress'", store.path());
    if (!t.step()) return std::nullopt;
  }
  Statement s(store.handle(),
              "SELECT p.attempt_started_at, p.first_step, p.last_step, p.total_steps, p.first_unix, p.last_unix "
              "FROM run_progress p JOIN runs r ON r.id = p.run_id "
              "WHERE p.run_id=? AND p.attempt_started_at = coalesce(r.started_at, '')",
              store.path());
  s.bind(1, run_id);
  if (!s.step()) return std::nullopt;
  return ProgressRecord{run_id, s.text(0), s.integer(1), s.integer(2), s.integer(3), s.real(4), s.real(5)};
}

}  // namespace lnc::results
