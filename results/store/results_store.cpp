#include "results/store/results_store.h"

#include <sqlite3.h>

#include <charconv>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include "base/input_error.h"
#include "config/run_identity.h"
#include "results/store/identity_migration.h"
#include "results/store/prediction_records.h"
#include "results/store/sqlite_statement.h"
#include "results/store/run_progress.h"
#include "results/store/run_provenance.h"
#include "results/store/training_curve_records.h"

namespace lnc::results {
namespace {

// meta.schema_version as written by create_or_check_schema; a store from a newer lnctrain, or a damaged value, is
// refused before anything is read or written. Returns the version.
int check_schema_version(const std::string& text, const std::string& path) {
  int version = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (ec != std::errc() || end != text.data() + text.size() || version < 1)
    throw InputError(path, 0, "schema_version", "not a schema version: '" + text + "'");
  if (version > kStoreSchemaVersion)
    throw InputError(path, 0, "schema_version",
                     "store schema version " + text + " is newer than this lnctrain supports (" +
                         std::to_string(kStoreSchemaVersion) + ")");
  return version;
}

// The first schema keyed by identity version 2 (results/store/identity_migration.h).
constexpr int kFirstIdentity2Schema = 5;

constexpr const char* kRunColumns =
    "id, config_hash, config_text, grid_name, task, length, model, tokenizer, k, seed, num_ranks, status, "
    "created_at, started_at, finished_at, error, wall_seconds";

RunRecord read_run(const Statement& s) {
  RunRecord r;
  r.id = s.integer(0);
  r.config_hash = s.text(1);
  r.config_text = s.text(2);
  r.grid_name = s.text(3);
  r.task = s.text(4);
  r.length = s.integer(5);
  r.model = s.text(6);
  r.tokenizer = s.text(7);
  r.k = s.integer(8);
  r.seed = s.integer(9);
  r.num_ranks = s.integer(10);
  r.status = s.text(11);
  r.created_at = s.text(12);
  r.started_at = s.text(13);
  r.finished_at = s.text(14);
  r.error = s.text(15);
  r.wall_seconds = s.real(16);
  if (!s.is_null(17)) r.group_index = s.integer(17);
  r.ranks = s.text(18);
  r.attempts = s.integer(19);
  return r;
}

}  // namespace

std::string ResultsStore::now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

ResultsStore::ResultsStore(const std::string& path, bool read_only) : path_(path) {
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "cannot open";
    sqlite3_close(db_);
    db_ = nullptr;
    throw InputError(path, 0, "", "cannot open results store: " + msg);
  }
  sqlite3_busy_timeout(db_, 30000);
  try {
    if (!read_only) {
      // WAL + synchronous=FULL: a committed transaction survives a crash of the writer.
      exec("PRAGMA journal_mode=WAL");
      exec("PRAGMA synchronous=FULL");
    }
    exec("PRAGMA foreign_keys=ON");
    if (read_only) {
      Statement s(db_, "SELECT value FROM meta WHERE key='schema_version'", path_);
      if (!s.step()) throw InputError(path_, 0, "schema_version", "not an lnctrain results store");
      // An older store is not rewritten here: its runs are shown under their new keys (identity_migration.h).
      const int version = check_schema_version(s.text(0), path_);
      for (auto& k : identity_rekeying(version)) {
        rekeyed_ids_[k.hash] = k.id;
        rekeyed_[k.id] = std::move(k);
      }
    } else {
      create_or_check_schema();
    }
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

ResultsStore::~ResultsStore() {
  if (db_) sqlite3_close(db_);
}

void ResultsStore::exec(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown";
    sqlite3_free(err);
    throw InputError(path_, 0, "", "SQLite: " + msg);
  }
}

// The importance table's columns (schema version 8), shared by its creation and the version-8 rebuild.
constexpr const char* kImportanceColumns = R"SQL(
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      split TEXT NOT NULL CHECK(split IN ('dev','test')),
      sample INTEGER NOT NULL,
      label INTEGER NOT NULL,
      prediction INTEGER,
      length INTEGER NOT NULL,
      scores BLOB NOT NULL,
      method TEXT NOT NULL DEFAULT 'attention',
      PRIMARY KEY(run_id, split, method, sample))SQL";

void ResultsStore::create_or_check_schema() {
  Transaction tx(db_, path_);
  exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  int stored_version = 0;  // 0: a new store
  {
    Statement s(db_, "SELECT value FROM meta WHERE key='schema_version'", path_);
    if (s.step()) stored_version = check_schema_version(s.text(0), path_);
  }
  exec(R"SQL(
    CREATE TABLE IF NOT EXISTS runs(
      id INTEGER PRIMARY KEY,
      config_hash TEXT NOT NULL UNIQUE,
      config_text TEXT NOT NULL,
      grid_name TEXT, task TEXT, length INTEGER, model TEXT, tokenizer TEXT, k INTEGER, seed INTEGER,
      num_ranks INTEGER,
      status TEXT NOT NULL CHECK(status IN ('queued','running','done','failed')),
      created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,
      error TEXT, wall_seconds REAL);
  )SQL");
  create_metrics_table(stored_version);
  // Version 2 only adds tables, so creating them is also the migration from version 1.
  exec("CREATE TABLE IF NOT EXISTS importance(" + std::string(kImportanceColumns) + ");");
  exec(R"SQL(
    CREATE TABLE IF NOT EXISTS dataset_stats(
      dataset TEXT NOT NULL,
      biotype TEXT NOT NULL,
      n INTEGER NOT NULL,
      mean_tpm REAL, sd_tpm REAL,
      PRIMARY KEY(dataset, biotype));
  )SQL");
  // Version 3 adds nullable columns to runs.
  if (!has_column("runs", "group_index")) exec("ALTER TABLE runs ADD COLUMN group_index INTEGER");
  if (!has_column("runs", "ranks")) exec("ALTER TABLE runs ADD COLUMN ranks TEXT");
  // Version 4 adds a table.
  exec(R"SQL(
    CREATE TABLE IF NOT EXISTS split_stats(
      dataset TEXT NOT NULL,
      split TEXT NOT NULL,
      label INTEGER NOT NULL,
      examples INTEGER NOT NULL,
      min_bases INTEGER, mean_bases REAL, max_bases INTEGER,
      PRIMARY KEY(dataset, split, label));
  )SQL");
  // Version 6 adds the attempt count; a 'running' row of an older store had one attempt that did not end.
  if (!has_column("runs", "attempts")) {
    exec("ALTER TABLE runs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0");
    exec("UPDATE runs SET attempts=1 WHERE status='running'");
  }
  // Version 7 adds the per-sample predictions, the training curves and the provenance and progress
  // tables (results/store/prediction_records.h, training_curve_records.h, run_provenance.h, run_progress.h).
  exec(kPredictionsTable);
  exec(kTrainingCurveTable);
  exec(kRunProvenanceTable);
  exec(kFileHashesTable);
  exec(kRunProgressTable);
  // Version 8 adds importance.method to the primary key: SQLite cannot alter a key, so the table is rebuilt, every
  // older row becoming method 'attention' (the one method before). Self-contained: reads and writes that table only.
  if (!has_column("importance", "method")) exec("CREATE TABLE importance_v8(" + std::string(kImportanceColumns) + ");" + R"SQL(
    INSERT INTO importance_v8(run_id, split, sample, label, prediction, length, scores, method)
      SELECT run_id, split, sample, label, prediction, length, scores, 'attention' FROM importance;
    DROP TABLE importance;
    ALTER TABLE importance_v8 RENAME TO importance;
  )SQL");
  // Version 5 re-keys the runs by identity version 2, and identity version 3 re-keys those of version 2, in this
  // transaction (results/store/identity_migration.h).
  if (stored_version > 0)
    for (const auto& k : identity_rekeying(stored_version)) {
      Statement s(db_, "UPDATE runs SET config_hash=?, config_text=? WHERE id=?", path_);
      s.bind(1, k.hash).bind(2, k.text).bind(3, k.id);
      s.step();
    }
  exec("INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '" + std::to_string(kStoreSchemaVersion) +
       "')");
  exec("INSERT OR REPLACE INTO meta(key, value) VALUES('identity_version', '" +
       std::to_string(config::kRunIdentityVersion) + "')");
  tx.commit();
}

// The metrics table; version 7 widened its CHECK on name (auroc, auprc). SQLite cannot alter a CHECK, so an older
// table is rebuilt under the new definition with every row copied, inside the caller's transaction.
void ResultsStore::create_metrics_table(int stored_version) {
  const std::string columns = R"SQL(
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      split TEXT NOT NULL CHECK(split IN ('train','dev','test')),
      epoch INTEGER,
      name TEXT NOT NULL CHECK(name IN ('mcc','accuracy','f1','loss','auroc','auprc')),
      value REAL NOT NULL)SQL";
  if (stored_version > 0 && stored_version < 7 && has_table("metrics")) {
    exec("CREATE TABLE metrics_v7(" + columns + ")");
    exec("INSERT INTO metrics_v7(rowid, run_id, split, epoch, name, value) "
         "SELECT rowid, run_id, split, epoch, name, value FROM metrics");
    exec("DROP TABLE metrics");  // and its index
    exec("ALTER TABLE metrics_v7 RENAME TO metrics");
  }
  exec("CREATE TABLE IF NOT EXISTS metrics(" + columns + ")");
  exec("CREATE UNIQUE INDEX IF NOT EXISTS metrics_unique ON metrics(run_id, split, coalesce(epoch, -1), name)");
}

std::int64_t ResultsStore::register_run(const RunRecord& run) {
  Transaction tx(db_, path_);
  {
    Statement s(db_,
                "INSERT OR IGNORE INTO runs(config_hash, config_text, grid_name, task, length, model, tokenizer, k, "
                "seed, num_ranks, status, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,'queued',?)",
                path_);
    s.bind(1, run.config_hash).bind(2, run.config_text).bind(3, run.grid_name).bind(4, run.task);
    s.bind(5, run.length).bind(6, run.model).bind(7, run.tokenizer).bind(8, run.k).bind(9, run.seed);
    s.bind(10, run.num_ranks).bind(11, now_utc());
    s.step();
  }
  Statement q(db_, "SELECT id FROM runs WHERE config_hash=?", path_);
  q.bind(1, run.config_hash);
  q.step();
  std::int64_t id = q.integer(0);
  tx.commit();
  return id;
}

std::optional<RunRecord> ResultsStore::find_run(const std::string& config_hash) const {
  if (auto it = rekeyed_ids_.find(config_hash); it != rekeyed_ids_.end()) {
    Statement s(db_, "SELECT " + run_columns() + " FROM runs WHERE id=?", path_);
    s.bind(1, it->second);
    if (!s.step()) return std::nullopt;
    return with_new_key(read_run(s));
  }
  Statement s(db_, "SELECT " + run_columns() + " FROM runs WHERE config_hash=?", path_);
  s.bind(1, config_hash);
  if (!s.step()) return std::nullopt;
  RunRecord r = read_run(s);
  if (rekeyed_.count(r.id)) return std::nullopt;  // known by its new key only, as after the migration
  return r;
}

RunRecord ResultsStore::with_new_key(RunRecord r) const {
  if (auto it = rekeyed_.find(r.id); it != rekeyed_.end()) {
    r.config_hash = it->second.hash;
    r.config_text = it->second.text;
  }
  return r;
}

std::vector<RunRekey> ResultsStore::identity_rekeying(int stored_version) const {
  if (stored_version < kFirstIdentity2Schema) return plan_version1_rekeying(stored_run_keys());
  std::string identity_version;
  {
    Statement s(db_, "SELECT value FROM meta WHERE key='identity_version'", path_);
    if (s.step()) identity_version = s.text(0);
  }
  if (identity_version == "2") return plan_version2_rekeying(stored_run_keys());
  return {};
}

std::vector<StoredRunKey> ResultsStore::stored_run_keys() const {
  Statement s(db_, "SELECT id, config_hash, config_text, status FROM runs ORDER BY id", path_);
  std::vector<StoredRunKey> out;
  while (s.step()) out.push_back({s.integer(0), s.text(1), s.text(2), s.text(3)});
  return out;
}

void ResultsStore::mark_running(std::int64_t run_id, std::int64_t num_ranks) {
  Transaction tx(db_, path_);
  Statement s(db_,
              "UPDATE runs SET status='running', started_at=?, num_ranks=?, error=NULL, attempts=attempts+1 WHERE id=?",
              path_);
  s.bind(1, now_utc()).bind(2, num_ranks).bind(3, run_id);
  s.step();
  tx.commit();
}

void ResultsStore::mark_running(std::int64_t run_id, std::int64_t num_ranks, std::int64_t group_index,
                                const std::string& ranks) {
  Transaction tx(db_, path_);
  Statement s(db_,
              "UPDATE runs SET status='running', started_at=?, num_ranks=?, error=NULL, group_index=?, ranks=?, "
              "attempts=attempts+1 WHERE id=?",
              path_);
  s.bind(1, now_utc()).bind(2, num_ranks).bind(3, group_index).bind(4, ranks).bind(5, run_id);
  s.step();
  tx.commit();
}

namespace {
// One UPDATE of one run's row (`sql` binds its id as the only parameter), in its own transaction.
void update_run(sqlite3* db, const std::string& path, const char* sql, std::int64_t run_id) {
  Transaction tx(db, path);
  Statement s(db, sql, path);
  s.bind(1, run_id);
  s.step();
  tx.commit();
}
}  // namespace

void ResultsStore::mark_queued(std::int64_t run_id) {
  update_run(db_, path_, "UPDATE runs SET status='queued', attempts=0 WHERE id=?", run_id);
}

void ResultsStore::mark_queued_after_hang(std::int64_t run_id) {
  update_run(db_, path_, "UPDATE runs SET status='queued' WHERE id=?", run_id);
}

void ResultsStore::reset_attempts(std::int64_t run_id) {
  update_run(db_, path_, "UPDATE runs SET attempts=0 WHERE id=?", run_id);
}

namespace {
void insert_metrics(sqlite3* db, const std::string& path, const std::vector<MetricRecord>& metrics) {
  for (const auto& m : metrics) {
    Statement one(db, "INSERT OR REPLACE INTO metrics(run_id, split, epoch, name, value) VALUES(?,?,?,?,?)", path);
    one.bind(1, m.run_id).bind(2, m.split);
    if (m.epoch) one.bind(3, *m.epoch); else one.bind_null(3);
    one.bind(4, m.name).bind(5, m.value);
    one.step();
  }
}
}  // namespace

void ResultsStore::finish_run(std::int64_t run_id, const std::string& status, const std::string& error,
                              double wall_seconds, const std::vector<MetricRecord>& metrics) {
  if (status != "done" && status != "failed") throw std::invalid_argument("finish_run: status must be done|failed");
  Transaction tx(db_, path_);
  insert_metrics(db_, path_, metrics);
  Statement s(db_, "UPDATE runs SET status=?, error=?, finished_at=?, wall_seconds=? WHERE id=?", path_);
  s.bind(1, status);
  if (error.empty()) s.bind_null(2); else s.bind(2, error);
  s.bind(3, now_utc()).bind(4, wall_seconds).bind(5, run_id);
  s.step();
  tx.commit();
}

std::vector<RunRecord> ResultsStore::runs() const {
  Statement s(db_, "SELECT " + run_columns() + " FROM runs ORDER BY id", path_);
  std::vector<RunRecord> out;
  while (s.step()) out.push_back(with_new_key(read_run(s)));
  return out;
}

std::vector<MetricRecord> ResultsStore::metrics(std::int64_t run_id) const {
  Statement s(db_, "SELECT run_id, split, epoch, name, value FROM metrics WHERE run_id=? ORDER BY rowid", path_);
  s.bind(1, run_id);
  std::vector<MetricRecord> out;
  while (s.step()) {
    MetricRecord m;
    m.run_id = s.integer(0);
    m.split = s.text(1);
    if (!s.is_null(2)) m.epoch = s.integer(2);
    m.name = s.text(3);
    m.value = s.real(4);
    out.push_back(m);
  }
  return out;
}

// The importance BLOB is little-endian float32; the hosts lnctrain runs on (x86-64, aarch64) are little-endian.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "importance BLOBs are written as host floats");

void ResultsStore::put_importance(const std::vector<ImportanceRecord>& rows) {
  Transaction tx(db_, path_);
  for (const auto& r : rows) {
    Statement s(db_,
                "INSERT OR REPLACE INTO importance(run_id, split, sample, label, prediction, length, scores, method) "
                "VALUES(?,?,?,?,?,?,?,?)",
                path_);
    s.bind(1, r.run_id).bind(2, r.split).bind(3, r.sample).bind(4, r.label);
    if (r.prediction) s.bind(5, *r.prediction); else s.bind_null(5);
    s.bind(6, static_cast<std::int64_t>(r.scores.size()));
    s.bind_blob(7, r.scores.data(), r.scores.size() * sizeof(float));
    s.bind(8, r.method);
    s.step();
  }
  tx.commit();
}

void ResultsStore::put_dataset_stats(const std::vector<DatasetStatRecord>& rows) {
  Transaction tx(db_, path_);
  for (const auto& r : rows) {
    Statement s(db_, "INSERT OR REPLACE INTO dataset_stats(dataset, biotype, n, mean_tpm, sd_tpm) VALUES(?,?,?,?,?)",
                path_);
    s.bind(1, r.dataset).bind(2, r.biotype).bind(3, r.n);
    if (r.mean_tpm) s.bind(4, *r.mean_tpm); else s.bind_null(4);
    if (r.sd_tpm) s.bind(5, *r.sd_tpm); else s.bind_null(5);
    s.step();
  }
  tx.commit();
}

void ResultsStore::put_split_stats(const std::vector<SplitStatRecord>& rows) {
  Transaction tx(db_, path_);
  for (const auto& r : rows) {
    Statement s(db_,
                "INSERT OR REPLACE INTO split_stats(dataset, split, label, examples, min_bases, mean_bases, max_bases) "
                "VALUES(?,?,?,?,?,?,?)",
                path_);
    s.bind(1, r.dataset).bind(2, r.split).bind(3, r.label).bind(4, r.examples);
    if (r.min_bases) s.bind(5, *r.min_bases); else s.bind_null(5);
    if (r.mean_bases) s.bind(6, *r.mean_bases); else s.bind_null(6);
    if (r.max_bases) s.bind(7, *r.max_bases); else s.bind_null(7);
    s.step();
  }
  tx.commit();
}

std::string ResultsStore::run_columns() const {
  // A store older than version 3 opened read-only has no placement columns: read them as NULL.
  // One older than version 6 has no attempt count: read it as 0.
  return std::string(kRunColumns) + (has_column("runs", "group_index") ? ", group_index, ranks" : ", NULL, NULL") +
         (has_column("runs", "attempts") ? ", attempts" : ", 0");
}

bool ResultsStore::has_column(const std::string& table, const std::string& column) const {
  Statement s(db_, "SELECT 1 FROM pragma_table_info(?) WHERE name=?", path_);
  s.bind(1, table).bind(2, column);
  return s.step();
}

bool ResultsStore::has_table(const std::string& name) const {
  Statement s(db_, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", path_);
  s.bind(1, name);
  return s.step();
}

std::vector<std::string> ResultsStore::importance_methods(std::int64_t run_id, const std::string& split) const {
  std::vector<std::string> out;
  if (!has_table("importance")) return out;
  if (!has_column("importance", "method")) {  // older than version 8, opened read-only: attention only
    Statement s(db_, "SELECT 1 FROM importance WHERE run_id=? AND split=? LIMIT 1", path_);
    s.bind(1, run_id).bind(2, split);
    if (s.step()) out.push_back("attention");
    return out;
  }
  Statement s(db_, "SELECT DISTINCT method FROM importance WHERE run_id=? AND split=? ORDER BY method", path_);
  s.bind(1, run_id).bind(2, split);
  while (s.step()) out.push_back(s.text(0));
  return out;
}

std::vector<ImportanceRecord> ResultsStore::importance(std::int64_t run_id, const std::string& split,
                                                       const std::string& method) const {
  std::vector<ImportanceRecord> out;
  if (!has_table("importance")) return out;
  const bool with_method = has_column("importance", "method");
  if (!with_method && method != "attention") return out;
  Statement s(db_,
              std::string("SELECT sample, label, prediction, length, scores FROM importance WHERE run_id=? AND "
                          "split=? ") +
                  (with_method ? "AND method=? " : "") + "ORDER BY sample",
              path_);
  s.bind(1, run_id).bind(2, split);
  if (with_method) s.bind(3, method);
  while (s.step()) {
    ImportanceRecord r;
    r.run_id = run_id;
    r.split = split;
    r.method = method;
    r.sample = s.integer(0);
    r.label = s.integer(1);
    if (!s.is_null(2)) r.prediction = s.integer(2);
    const std::int64_t length = s.integer(3);
    const std::string bytes = s.blob(4);
    if (length < 0 || bytes.size() != static_cast<std::size_t>(length) * sizeof(float))
      throw InputError(path_, 0, "importance",
                       "run " + std::to_string(run_id) + " sample " + std::to_string(r.sample) + ": " +
                           std::to_string(bytes.size()) + " bytes of scores for length " + std::to_string(length));
    r.scores.resize(static_cast<std::size_t>(length));
    if (length > 0) std::memcpy(r.scores.data(), bytes.data(), bytes.size());
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<DatasetStatRecord> ResultsStore::dataset_stats() const {
  std::vector<DatasetStatRecord> out;
  if (!has_table("dataset_stats")) return out;
  Statement s(db_, "SELECT dataset, biotype, n, mean_tpm, sd_tpm FROM dataset_stats ORDER BY dataset, biotype", path_);
  while (s.step()) {
    DatasetStatRecord r;
    r.dataset = s.text(0);
    r.biotype = s.text(1);
    r.n = s.integer(2);
    if (!s.is_null(3)) r.mean_tpm = s.real(3);
    if (!s.is_null(4)) r.sd_tpm = s.real(4);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<SplitStatRecord> ResultsStore::split_stats() const {
  std::vector<SplitStatRecord> out;
  if (!has_table("split_stats")) return out;
  Statement s(db_,
              "SELECT dataset, split, label, examples, min_bases, mean_bases, max_bases FROM split_stats ORDER BY "
              "dataset, CASE split WHEN 'train' THEN 0 WHEN 'dev' THEN 1 WHEN 'test' THEN 2 ELSE 3 END, split, "
              "label < 0, label",
              path_);
  while (s.step()) {
    SplitStatRecord r;
    r.dataset = s.text(0);
    r.split = s.text(1);
    r.label = s.integer(2);
    r.examples = s.integer(3);
    if (!s.is_null(4)) r.min_bases = s.integer(4);
    if (!s.is_null(5)) r.mean_bases = s.real(5);
    if (!s.is_null(6)) r.max_bases = s.integer(6);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace lnc::results
