#include "results/store/training_curve_records.h"

#include <cmath>
#include <limits>

#include "results/store/results_store.h"
#include "results/store/sqlite_statement.h"

namespace lnc::results {

const char* const kTrainingCurveTable = R"SQL(
    CREATE TABLE IF NOT EXISTS training_curve(
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      step INTEGER NOT NULL,
      train_loss REAL, lr REAL, grad_norm REAL, steps_per_second REAL,
      PRIMARY KEY(run_id, step));
)SQL";

namespace {
void bind_number(Statement& s, int i, double v) {
  if (std::isfinite(v)) s.bind(i, v); else s.bind_null(i);
}
double number(const Statement& s, int col) {
  return s.is_null(col) ? std::numeric_limits<double>::quiet_NaN() : s.real(col);
}
}  // namespace

void put_training_curve(ResultsStore& store, std::int64_t run_id, const std::vector<CurveRecord>& rows) {
  sqlite3* db = store.handle();
  Transaction tx(db, store.path());
  {
    Statement del(db, "DELETE FROM training_curve WHERE run_id=?", store.path());
    del.bind(1, run_id);
    del.step();
  }
  Statement s(db,
              "INSERT OR REPLACE INTO training_curve(run_id, step, train_loss, lr, grad_norm, steps_per_second) "
              "VALUES(?,?,?,?,?,?)",
              store.path());
  for (const auto& r : rows) {
    s.reset();
    s.bind(1, run_id).bind(2, r.step);
    bind_number(s, 3, r.train_loss);
    bind_number(s, 4, r.lr);
    bind_number(s, 5, r.grad_norm);
    bind_number(s, 6, r.steps_per_second);
    s.step();
  }
  tx.commit();
}

std::vector<CurveRecord> read_training_curve(const ResultsStore& store, std::int64_t run_id) {
  std::vector<CurveRecord> out;
  {
    Statement t(store.handle(), "SELECT 1 FROM sqlite_master WHERE type='table' AND name='training_curve'",
                store.path());
    if (!t.step()) return out;
  }
  Statement s(store.handle(),
              "SELECT step, train_loss, lr, grad_norm, steps_per_second FROM training_curve WHERE run_id=? ORDER BY step",
              store.path());
  s.bind(1, run_id);
  while (s.step()) out.push_back({s.integer(0), number(s, 1), number(s, 2), number(s, 3), number(s, 4)});
  return out;
}

}  // namespace lnc::results
