#include "results/store/prediction_records.h"

#include <cstring>
#include <set>

#include "base/input_error.h"
#include "results/store/results_store.h"
#include "results/store/sqlite_statement.h"

namespace lnc::results {

const char* const kPredictionsTable = R"SQL(
    CREATE TABLE IF NOT EXISTS predictions(
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      split TEXT NOT NULL CHECK(split IN ('dev','test')),
      sample INTEGER NOT NULL,
      label INTEGER NOT NULL,
      prediction INTEGER NOT NULL,
      probabilities BLOB NOT NULL,
      PRIMARY KEY(run_id, split, sample));
)SQL";

// The BLOB is little-endian float32; the hosts lnctrain runs on (x86-64, aarch64) are little-endian.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "prediction BLOBs are written as host floats");

void put_predictions(ResultsStore& store, std::int64_t run_id, const std::vector<PredictionRecord>& rows) {
  sqlite3* db = store.handle();
  Transaction tx(db, store.path());
  std::set<std::string> splits;
  for (const auto& r : rows) splits.insert(r.split);
  for (const auto& split : splits) {  // a rerun's rows replace the earlier ones, also rows it no longer has
    Statement del(db, "DELETE FROM predictions WHERE run_id=? AND split=?", store.path());
    del.bind(1, run_id).bind(2, split);
    del.step();
  }
  Statement s(db,
              "INSERT INTO predictions(run_id, split, sample, label, prediction, probabilities) VALUES(?,?,?,?,?,?)",
              store.path());
  for (const auto& r : rows) {
    s.reset();
    s.bind(1, run_id).bind(2, r.split).bind(3, r.sample).bind(4, r.label).bind(5, r.prediction);
    s.bind_blob(6, r.probabilities.data(), r.probabilities.size() * sizeof(float));
    s.step();
  }
  tx.commit();
}

std::vector<PredictionRecord> read_predictions(const ResultsStore& store, std::int64_t run_id,
                                               const std::string& split) {
  std::vector<PredictionRecord> out;
  {
    Statement t(store.handle(), "SELECT 1 FROM sqlite_master WHERE type='table' AND name='predictions'", store.path());
    if (!t.step()) return out;
  }
  Statement s(store.handle(),
              "SELECT split, sample, label, prediction, probabilities FROM predictions WHERE run_id=? AND "
              "(?='' OR split=?) ORDER BY split='test', sample",
              store.path());
  s.bind(1, run_id).bind(2, split).bind(3, split);
  while (s.step()) {
    PredictionRecord r;
    r.run_id = run_id;
    r.split = s.text(0);
    r.sample = s.integer(1);
    r.label = s.integer(2);
    r.prediction = s.integer(3);
    const std::string bytes = s.blob(4);
    if (bytes.size() % sizeof(float) != 0)
      throw InputError(store.path(), 0, "predictions",
                       "run " + std::to_string(run_id) + " " + r.split + " sample " + std::to_string(r.sample) + ": " +
                           std::to_string(bytes.size()) + " bytes of probabilities, not whole float32 values");
    r.probabilities.resize(bytes.size() / sizeof(float));
    if (!bytes.empty()) std::memcpy(r.probabilities.data(), bytes.data(), bytes.size());
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace lnc::results
