#pragma once
// The central results store: one SQLite file, written only by rank 0, every write in a transaction.
// Schema (version 8; recorded in table `meta`, key 'schema_version'; a store from a newer version is refused;
// an older store opened for writing is migrated: version 2 added tables, version 3 added two nullable
// columns to runs, version 4 added a table, version 5 re-keyed the runs by identity version 2, version 6 added
// runs.attempts, version 7 widened metrics.name and added five tables, version 8 added importance.method; other
// rows and values are kept as they are):
//
//   meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)   -- 'schema_version'; 'identity_version' (from version 5)
//   runs(id INTEGER PRIMARY KEY,
//        config_hash TEXT NOT NULL UNIQUE,   -- the run's identity: sha256 of its identity text
//        config_text TEXT NOT NULL,          -- that identity text (config/run_identity.h)
//        grid_name TEXT, task TEXT, length INTEGER, model TEXT, tokenizer TEXT, k INTEGER, seed INTEGER,
//        num_ranks INTEGER,
//        status TEXT NOT NULL CHECK(status IN ('queued','running','done','failed')),
//        created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,  -- UTC ISO-8601
//        error TEXT, wall_seconds REAL)
//   metrics(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
//           split TEXT NOT NULL CHECK(split IN ('train','dev','test')),
//           epoch INTEGER,                     -- NULL = the final value (test metrics of the best checkpoint)
//           name TEXT NOT NULL CHECK(name IN ('mcc','accuracy','f1','loss','auroc','auprc')),  -- auroc, auprc: v7
//           value REAL NOT NULL)             -- mcc in [-1,1], accuracy, f1 (macro), auroc, auprc in [0,1]
//     auroc / auprc (final dev and test rows only): base/metrics/ranking_metrics.h, binary or the macro mean over
//     one-vs-rest classes; absent where undefined (a split with one class).
//   UNIQUE(run_id, split, epoch, name) is enforced by an index (epoch NULL coalesced to -1).
// Added in version 2:
//   importance(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
//              split TEXT NOT NULL CHECK(split IN ('dev','test')),
//              sample INTEGER NOT NULL,          -- 0-based data row of the split file
//              label INTEGER NOT NULL,           -- true class (task 3: 1 = highly, 0 = lowly expressed)
//              prediction INTEGER,               -- predicted class, NULL if not recorded
//              length INTEGER NOT NULL,          -- window length l in bases (TSS at base l - 51)
//              scores BLOB NOT NULL,             -- l float32 little-endian per-base importances, base 0 first
//              PRIMARY KEY(run_id, split, sample))
//     Per-base attention importance (trainer/importance/attention_importance.h: last layer, [CLS] row, summed
//     over heads, averaged over covering tokens, L2-normalised per sequence); the report draws Figure 2 from it.
//   dataset_stats(dataset TEXT NOT NULL,         -- what the statistics describe, e.g. 'gtex_v8_genes', 'task3'
//                 biotype TEXT NOT NULL,         -- 'protein_coding' | 'lncRNA' (Ensembl gene_biotype)
//                 n INTEGER NOT NULL,            -- number of genes
//                 mean_tpm REAL, sd_tpm REAL,    -- mean and sample standard deviation (n - 1) of GTEx TPM
//                 PRIMARY KEY(dataset, biotype))
//     From the dataset builder's statistics (expression_stats.tsv, carried in the token file's expression_stats_tsv
//     attribute): rank 0 records them when the first run on that token file is recorded
//     (results/store/token_file_statistics.h), two rows per biotype: dataset '<name>, gene x tissue' (pooled_*)
//     and '<name>, per-gene mean' (per_gene_*), n = genes. The report's Table 3 is rendered from it.
// Added in version 3 (ALTER TABLE runs ADD COLUMN; NULL for runs recorded before):
//   runs.group_index INTEGER   -- the rank group that ran (or is running) the point (launcher/grid/rank_groups.h)
//   runs.ranks TEXT            -- that group's world ranks, "first-last" (or "r" for one rank)
// Added in version 4:
//   split_stats(dataset TEXT NOT NULL,           -- the token file's dataset name
//               split TEXT NOT NULL,             -- train | dev | test
//               label INTEGER NOT NULL,          -- class, or -1 for all rows of the split
//               examples INTEGER NOT NULL,
//               min_bases INTEGER, mean_bases REAL, max_bases INTEGER,   -- window lengths (NULL when no rows)
//               PRIMARY KEY(dataset, split, label))
//     The prepared dataset's sizes (data/token_store/dataset_statistics.h), recorded from the token file with the
//     dataset_stats rows; the report renders them beside Table 3 (table3_splits).
// Version 5 (meta.identity_version = 2): runs.config_hash / config_text hold identity version 2 (the typed config
//   with defaults and preset dimensions filled in; before: the sha256 of the resolved TOML as written, and that
//   text). Migrating a version 1-4 store recomputes each run's identity from its config_text and re-keys it; a run
//   that cannot be re-keyed keeps its old key and text (results/store/identity_migration.h). Opened read-only, an
//   older store is not rewritten but its runs are read (runs(), find_run) under their new keys.
// Added in version 6 (ALTER TABLE runs ADD COLUMN):
//   runs.attempts INTEGER NOT NULL DEFAULT 0   -- times the run was started since its count was last reset:
//     mark_running adds one; mark_queued (a preempted run) and reset_attempts (--rerun-failed) set it to 0; a
//     finished run keeps it, and so does mark_queued_after_hang (a run whose group hung in a collective: back to
//     'queued' with that attempt counted, launcher/grid/collective_hang.h). So a row found 'running' when a grid starts has had `attempts` attempts that died
//     (launcher/grid/attempt_limit.h). Migrating an older store sets 0, and 1 for a 'running' row (its one known
//     attempt, which did not end). Read as 0 from an older store opened read-only.
// Version 7: metrics.name also allows 'auroc' and 'auprc' (an older metrics table is rebuilt with its rows and
//   their order kept: SQLite cannot alter a CHECK), and five tables are added:
//   predictions(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
//               split TEXT NOT NULL CHECK(split IN ('dev','test')),
//               sample INTEGER NOT NULL,        -- 0-based data row of the split in the token file
//               label INTEGER NOT NULL,         -- true class
//               prediction INTEGER NOT NULL,    -- predicted class (argmax of the probabilities, ties to the lower)
//               probabilities BLOB NOT NULL,    -- float32 little-endian, one per class 0..C-1 (softmax of the logits;
//                                               -- lr_tfidf: its predict_proba, 0 for a class absent from train)
//               PRIMARY KEY(run_id, split, sample))
//     One row per dev and test sequence of the best model, written with the run's results
//     (results/store/prediction_records.h; `lnctrain predictions` exports them as CSV).
//   training_curve(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
//                  step INTEGER NOT NULL,          -- optimizer steps done
//                  train_loss REAL,                -- mean global-batch loss of the steps since the previous row
//                  lr REAL,                        -- learning rate of that step
//                  grad_norm REAL,                 -- global gradient norm of that step, before clipping
//                  steps_per_second REAL,          -- over the steps since the previous row (NULL = not known)
//                  PRIMARY KEY(run_id, step))
//     Every [training] log_every steps and the last step (trainer/tracking/run_tracker.h; a resumed run's rows start
//     at the step it resumed from); dev metrics per evaluation are the metrics rows with an epoch.
//     (results/store/training_curve_records.h; the report draws it, results/report/training_curves.h.)
//   run_provenance(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
//                  key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(run_id, key))
//     What produced the run: lnctrain version, LibTorch/CUDA/NCCL/MPI/HDF5 versions, device, hosts, sha256 of the
//     token file and the pretrained weights; the keys are listed in results/store/run_provenance.h.
//   file_hashes(path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL)
//     The cache that hashes each file once (valid while its size and modification time are unchanged).
//   run_progress(run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
//                attempt_started_at TEXT NOT NULL,  -- runs.started_at of the attempt reporting
//                first_step INTEGER NOT NULL, first_unix REAL NOT NULL,  -- its first recorded report
//                last_step INTEGER NOT NULL, last_unix REAL NOT NULL,    -- its latest (unix seconds, UTC)
//                total_steps INTEGER NOT NULL)
//     Live progress of running points for `lnctrain status` (results/store/run_progress.h); a row of an
//     earlier attempt (attempt_started_at differs from runs.started_at) is stale and not read.
// Version 8 (the importance table rebuilt, since SQLite cannot change a primary key):
//   importance.method TEXT NOT NULL DEFAULT 'attention', and PRIMARY KEY(run_id, split, method, sample): one row per
//     sample and method. Methods (trainer/importance/importance_methods.h): 'attention' (as above), 'ism' (largest
//     drop of the true-class logit over the three substitutions of a base, logit units), 'ism_mean' (mean change
//     of that logit over them), 'integrated_gradients' (IG attribution of the true-class logit, logit units).
//     Migrating an older store copies every row as method 'attention'.
//
// Rows are never deleted by lnctrain: re-running a point updates its own row only.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "results/store/identity_migration.h"

struct sqlite3;

namespace lnc::results {

inline constexpr int kStoreSchemaVersion = 8;

struct RunRecord {
  std::int64_t id = 0;
  std::string config_hash, config_text, grid_name, task, model, tokenizer;
  std::int64_t length = 0, k = 0, seed = 0, num_ranks = 0;
  std::string status, created_at, started_at, finished_at, error;
  double wall_seconds = 0;
  std::optional<std::int64_t> group_index;  // schema 3; nullopt for older rows
  std::string ranks;
  std::int64_t attempts = 0;  // schema 6
};

struct MetricRecord {
  std::int64_t run_id = 0;
  std::string split;
  std::optional<std::int64_t> epoch;  // nullopt = final
  std::string name;
  double value = 0;
};

struct ImportanceRecord {
  std::int64_t run_id = 0;
  std::string split = "test";
  std::int64_t sample = 0;
  std::int64_t label = 0;
  std::optional<std::int64_t> prediction;
  std::vector<float> scores;  // one per base; length = window length
  std::string method = "attention";  // schema 8
};

struct DatasetStatRecord {
  std::string dataset, biotype;
  std::int64_t n = 0;
  std::optional<double> mean_tpm, sd_tpm;
};

struct SplitStatRecord {
  std::string dataset, split;
  std::int64_t label = -1;
  std::int64_t examples = 0;
  std::optional<std::int64_t> min_bases, max_bases;
  std::optional<double> mean_bases;
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
  // Both mark_running add one to runs.attempts (schema 6).
  void mark_running(std::int64_t run_id, std::int64_t num_ranks);
  // The same, recording the rank group that runs it (schema 3).
  void mark_running(std::int64_t run_id, std::int64_t num_ranks, std::int64_t group_index, const std::string& ranks);
  // Back to 'queued' (a run interrupted by preemption: its checkpoint lets a resubmission continue it); its
  // attempts back to 0, since a preemption is not a death.
  void mark_queued(std::int64_t run_id);
  void mark_queued_after_hang(std::int64_t run_id);  // 'queued', runs.attempts kept
  void reset_attempts(std::int64_t run_id);  // --rerun-failed: a failed run starts its count again
  // Final status with its metrics, in one transaction: either all of it is in the store or none.
  void finish_run(std::int64_t run_id, const std::string& status, const std::string& error, double wall_seconds,
                  const std::vector<MetricRecord>& metrics);

  // Per-base importances of one run, all in one transaction (a re-run replaces its own rows).
  void put_importance(const std::vector<ImportanceRecord>& rows);
  void put_dataset_stats(const std::vector<DatasetStatRecord>& rows);
  void put_split_stats(const std::vector<SplitStatRecord>& rows);  // one transaction; replaces rows with its keys

  std::vector<RunRecord> runs() const;
  std::vector<MetricRecord> metrics(std::int64_t run_id) const;
  // Ordered by sample; empty when the store has none (or is a version-1 store opened read-only).
  // One method's rows (schema 8; an older store opened read-only has 'attention' rows only).
  std::vector<ImportanceRecord> importance(std::int64_t run_id, const std::string& split,
                                           const std::string& method = "attention") const;
  // The methods a run has rows of, sorted by name.
  std::vector<std::string> importance_methods(std::int64_t run_id, const std::string& split) const;
  std::vector<DatasetStatRecord> dataset_stats() const;  // ordered by dataset, biotype
  std::vector<SplitStatRecord> split_stats() const;      // ordered by dataset, split (train, dev, test), label (-1 last)
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }  // for readers in results/ that run their own queries

  static std::string now_utc();

 private:
  void exec(const std::string& sql) const;
  void create_or_check_schema();
  void create_metrics_table(int stored_version);
  bool has_table(const std::string& name) const;
  bool has_column(const std::string& table, const std::string& column) const;
  std::string run_columns() const;
  std::vector<StoredRunKey> stored_run_keys() const;
  // The runs of a store of schema `stored_version` whose key changes to today's identity (identity_migration.h).
  std::vector<RunRekey> identity_rekeying(int stored_version) const;
  RunRecord with_new_key(RunRecord r) const;  // a read-only older store: the run's new key and text, if it has them
  std::string path_;
  sqlite3* db_ = nullptr;
  // A read-only store keyed by an older identity version: the new keys of its runs (identity_migration.h), in memory only.
  std::map<std::int64_t, RunRekey> rekeyed_;
  std::map<std::string, std::int64_t> rekeyed_ids_;
};

}  // namespace lnc::results
