#pragma once
// The central results store: one SQLite file, written only by rank 0, every write in a transaction.
// Schema (version 1; recorded in table `meta`, key 'schema_version'; a store from a newer version is refused):
//
//   meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)
//   runs(id INTEGER PRIMARY KEY,
//        config_hash TEXT NOT NULL UNIQUE,   -- sha256 of the fully resolved run config (canonical TOML)
//        config_text TEXT NOT NULL,          -- that canonical TOML
//        grid_name TEXT, task TEXT, length INTEGER, model TEXT, tokenizer TEXT, k INTEGER, seed INTEGER,
//        num_ranks INTEGER,
//        status TEXT NOT NULL CHECK(status IN ('queued','running','done','failed')),
//        created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,  -- UTC ISO-8601
//        error TEXT, wall_seconds REAL)
//   metrics(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
//           split TEXT NOT NULL CHECK(split IN ('train','dev','test')),
//           epoch INTEGER,                     -- NULL = the final value (test metrics of the best checkpoint)
//           name TEXT NOT NULL CHECK(name IN ('mcc','accuracy','f1','loss')),
//           value REAL NOT NULL)             -- mcc in [-1,1], accuracy and f1 (macro) in [0,1]
//   UNIQUE(run_id, split, epoch, name) is enforced by an index (epoch NULL coalesced to -1).
//
// Rows are never deleted by lnctrain: re-running a point updates its own row only.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace lnc::results {

inline constexpr int kStoreSchemaVersion = 1;

struct RunRecord {
  std::int64_t id = 0;
  std::string config_hash, config_text, grid_name, task, model, tokenizer;
  std::int64_t length = 0, k = 0, seed = 0, num_ranks = 0;
  std::string status, created_at, started_at, finished_at, error;
  double wall_seconds = 0;
};

struct MetricRecord {
  std::int64_t run_id = 0;
  std::string split;
  std::optional<std::int64_t> epoch;  // nullopt = final
  std::string name;
  double value = 0;
};

class ResultsStore {
 public:
  // Opens (creating if absent) and checks the schema version; throws InputError naming the file otherwise.
  explicit ResultsStore(const std::string& path, bool read_only = false);
  ~ResultsStore();
  ResultsStore(const ResultsStore&) = delete;
  ResultsStore& operator=(const ResultsStore&) = delete;

  // Inserts the run as 'queued' if its hash is new; returns its id either way.
  std::int64_t register_run(const RunRecord& run);
  std::optional<RunRecord> find_run(const std::string& config_hash) const;
  void mark_running(std::int64_t run_id, std::int64_t num_ranks);
  // Final status with its metrics, in one transaction: either all of it is in the store or none.
  void finish_run(std::int64_t run_id, const std::string& status, const std::string& error, double wall_seconds,
                  const std::vector<MetricRecord>& metrics);
  void add_metrics(const std::vector<MetricRecord>& metrics);

  std::vector<RunRecord> runs() const;
  std::vector<MetricRecord> metrics(std::int64_t run_id) const;
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }  // for readers in results/ that run their own queries

  static std::string now_utc();

 private:
  void exec(const std::string& sql) const;
  void create_or_check_schema();
  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace lnc::results
