// Store schema 5: a store written with identity version 1 (keys = sha256 of the resolved TOML as written) is
// re-keyed by identity version 2 on opening, so a grid point that resolves to the same values finds its run done.
// The old store is built here with the version-4 schema's SQL (as results_store.cpp created it) and texts in the
// layout identity version 1 stored (toml++'s formatting of the resolved point).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <fstream>

#include "base/sha256.h"
#include "config/run_config.h"
#include "config/run_identity.h"
#include "results/store/results_store.h"
#include "tests/unit/test_paths.h"

namespace lnc::results {
namespace {

const char* kVersion4Schema = R"SQL(
  CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE runs(id INTEGER PRIMARY KEY, config_hash TEXT NOT NULL UNIQUE, config_text TEXT NOT NULL,
    grid_name TEXT, task TEXT, length INTEGER, model TEXT, tokenizer TEXT, k INTEGER, seed INTEGER,
    num_ranks INTEGER, status TEXT NOT NULL CHECK(status IN ('queued','running','done','failed')),
    created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, error TEXT, wall_seconds REAL,
    group_index INTEGER, ranks TEXT);
  CREATE TABLE metrics(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    split TEXT NOT NULL CHECK(split IN ('train','dev','test')), epoch INTEGER,
    name TEXT NOT NULL CHECK(name IN ('mcc','accuracy','f1','loss')), value REAL NOT NULL);
  CREATE UNIQUE INDEX metrics_unique ON metrics(run_id, split, coalesce(epoch, -1), name);
  CREATE TABLE importance(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    split TEXT NOT NULL CHECK(split IN ('dev','test')), sample INTEGER NOT NULL, label INTEGER NOT NULL,
    prediction INTEGER, length INTEGER NOT NULL, scores BLOB NOT NULL, PRIMARY KEY(run_id, split, sample));
  CREATE TABLE dataset_stats(dataset TEXT NOT NULL, biotype TEXT NOT NULL, n INTEGER NOT NULL,
    mean_tpm REAL, sd_tpm REAL, PRIMARY KEY(dataset, biotype));
  CREATE TABLE split_stats(dataset TEXT NOT NULL, split TEXT NOT NULL, label INTEGER NOT NULL,
    examples INTEGER NOT NULL, min_bases INTEGER, mean_bases REAL, max_bases INTEGER,
    PRIMARY KEY(dataset, split, label));
  INSERT INTO meta VALUES('schema_version', '4');
)SQL";

// Run 1 as version 1 stored it: defaults left out, ${ENV} unexpanded.
const std::string kStoredA = R"([data]
length = 300
task = 'prom'
tokens = '${LNC_TEST_MIGRATION_DATA}/{task}.kmer{k}.h5'

[model]
family = 'bert'
preset = 'tiny'

[optimizer]
lr = 0.001
)";
// Run 2: the same experiment with a default written out and a device (version 1 keyed it apart).
const std::string kStoredB = kStoredA + "beta1 = 0.9\n\n[training]\ndevice = 'cpu'\n";
// Runs 3 (queued) and 4 (done): seed 7, differing only in threads_per_rank.
const std::string kStoredC = kStoredA + "\n[training]\nseed = 7\n";
const std::string kStoredD = kStoredA + "\n[training]\nseed = 7\nthreads_per_rank = 2\n";

// The grid file a user resubmits: run 1's experiment (and run 3/4's with seed 7), in its own spelling.
const char* kGrid = R"([job]
store = "s.sqlite"
[data]
task = "prom"
length = 300
tokenizer = "kmer"
tokens = "${LNC_TEST_MIGRATION_DATA}/prom.kmer3.h5"
[model]
family = "bert"
preset = "tiny"
[optimizer]
lr = 1e-3
[grid]
"training.seed" = [42, 7]
)";

std::string meta(const std::string& path, const std::string& key) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, ("SELECT value FROM meta WHERE key='" + key + "'").c_str(), -1, &st, nullptr);
  std::string v = sqlite3_step(st) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0)) : "";
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

void write_version4_store(const std::string& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, kVersion4Schema, nullptr, nullptr, nullptr), SQLITE_OK);
  const std::pair<std::string, std::string> runs[] = {
      {kStoredA, "done"}, {kStoredB, "done"}, {kStoredC, "queued"}, {kStoredD, "done"},
      {"[model]\nfamily = 'bert'\n", "done"}};  // 5: no longer a run config
  for (const auto& [text, status] : runs) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO runs(config_hash, config_text, task, model, status, created_at) "
                       "VALUES(?, ?, 'prom', 'bert-tiny', ?, 'then')",
                       -1, &st, nullptr);
    const std::string hash = text.rfind("[model]", 0) == 0 ? "h-old" : sha256_hex(text);
    sqlite3_bind_text(st, 1, hash.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, text.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, status.c_str(), -1, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  }
  ASSERT_EQ(sqlite3_exec(db,
                         "INSERT INTO metrics VALUES(1, 'test', NULL, 'mcc', 0.5); "
                         "INSERT INTO metrics VALUES(4, 'test', NULL, 'mcc', 0.25);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
}

// What a store of either kind must answer for the resubmitted grid.
void expect_rekeyed(const ResultsStore& store, const config::GridConfig& grid) {
  const auto a = store.find_run(grid.points[0].config_hash);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->id, 1);
  EXPECT_EQ(a->status, "done");
  EXPECT_EQ(a->config_text, grid.points[0].canonical_toml);
  ASSERT_EQ(store.metrics(1).size(), 1u);  // its results are kept
  EXPECT_DOUBLE_EQ(store.metrics(1)[0].value, 0.5);
  // Seed 7: the done run takes the key over the queued one with the lower id.
  const auto d = store.find_run(grid.points[1].config_hash);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->id, 4);
  EXPECT_EQ(d->status, "done");
  // Re-keyed runs are not found by their old keys; runs that could not take a new key keep theirs.
  EXPECT_FALSE(store.find_run(sha256_hex(kStoredA)));
  EXPECT_EQ(store.find_run(sha256_hex(kStoredB))->id, 2);
  EXPECT_EQ(store.find_run(sha256_hex(kStoredC))->id, 3);
  EXPECT_EQ(store.find_run("h-old")->id, 5);
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 5u);
  EXPECT_EQ(runs[0].config_hash, grid.points[0].config_hash);
  EXPECT_EQ(runs[1].config_hash, sha256_hex(kStoredB));
  EXPECT_EQ(runs[3].config_hash, grid.points[1].config_hash);
}

TEST(ResultsStoreIdentityMigration, Version4StoreIsRekeyedSoResubmittedPointsFindTheirRuns) {
  const std::string dir = test_paths::scratch_dir();
  const std::string path = dir + "/old.sqlite";
  write_version4_store(path);

  // The grid as the user resubmits it, on a cluster with its own data directory.
  setenv("LNC_TEST_MIGRATION_DATA", "/data/here", 1);
  std::ofstream(dir + "/g.toml") << kGrid;
  const auto grid = config::load_grid_config(dir + "/g.toml");
  ASSERT_EQ(grid.points.size(), 2u);
  // The store is opened where that variable is not set: the identity does not depend on it.
  unsetenv("LNC_TEST_MIGRATION_DATA");

  {
    ResultsStore read_only(path, /*read_only=*/true);  // a dry run: new keys in memory, nothing written
    expect_rekeyed(read_only, grid);
  }
  EXPECT_EQ(meta(path, "schema_version"), "4");
  EXPECT_EQ(meta(path, "identity_version"), "");
  {
    ResultsStore store(path);
    expect_rekeyed(store, grid);
    // Registering the resubmitted point reuses the migrated row.
    RunRecord again;
    again.config_hash = grid.points[0].config_hash;
    again.config_text = grid.points[0].canonical_toml;
    EXPECT_EQ(store.register_run(again), 1);
  }
  EXPECT_EQ(meta(path, "schema_version"), std::to_string(kStoreSchemaVersion));
  EXPECT_EQ(meta(path, "identity_version"), "3");  // version 1 keys go straight to today's identity
  {
    ResultsStore reopened(path);  // migrated once: opening again changes nothing
    expect_rekeyed(reopened, grid);
    ResultsStore read_only(path, /*read_only=*/true);
    expect_rekeyed(read_only, grid);
  }
}


// Identity version 3 added [data] long_sequences & co. A store keyed by version 2 (schema 6 with
// meta.identity_version = 2) is re-keyed on opening, the new fields at their defaults, so a resubmitted grid that
// leaves them unset finds its runs done; a point that sets them is another run.
std::string version2_text(const std::string& v3) {
  std::string out;
  for (size_t at = 0, end; (end = v3.find('\n', at)) != std::string::npos; at = end + 1) {
    const std::string line = v3.substr(at, end - at);
    if (line.rfind("data.long_sequences", 0) == 0 || line.rfind("data.truncation_side", 0) == 0 ||
        line.rfind("data.chunk_stride", 0) == 0 || line.rfind("data.chunk_pooling", 0) == 0)
      continue;
    out += (line == "identity_version = 3" ? std::string("identity_version = 2") : line) + "\n";
  }
  return out;
}

TEST(ResultsStoreIdentityMigration, Version2StoreKeepsDoneRunsWhoseLongRowSettingsAreTheDefaults) {
  const std::string dir = test_paths::scratch_dir();
  const std::string path = dir + "/v2.sqlite";
  std::ofstream(dir + "/g.toml") << kGrid;
  setenv("LNC_TEST_MIGRATION_DATA", "/data/here", 1);
  const auto grid = config::load_grid_config(dir + "/g.toml");
  unsetenv("LNC_TEST_MIGRATION_DATA");
  ASSERT_EQ(grid.points.size(), 2u);
  const std::string old_text = version2_text(grid.points[0].canonical_toml);
  ASSERT_NE(old_text.find("identity_version = 2\n"), std::string::npos);
  EXPECT_EQ(config::identity_of_version2_text(old_text)->text, grid.points[0].canonical_toml);
  EXPECT_FALSE(config::identity_of_version2_text(grid.points[0].canonical_toml));  // not a version-2 text
  {
    // A store as the previous lnctrain wrote it: today's schema, run 1 done under its version-2 key.
    ResultsStore store(path);
    RunRecord r;
    r.config_hash = sha256_hex(old_text);
    r.config_text = old_text;
    r.task = "prom";
    const auto id = store.register_run(r);
    store.mark_running(id, 1);
    store.finish_run(id, "done", "", 1.0, {});
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE meta SET value='2' WHERE key='identity_version'", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  for (bool read_only : {true, false, false}) {  // a dry run, the migrating open, and once more
    ResultsStore store(path, read_only);
    const auto run = store.find_run(grid.points[0].config_hash);
    ASSERT_TRUE(run) << read_only;
    EXPECT_EQ(run->status, "done");
    EXPECT_EQ(run->config_text, grid.points[0].canonical_toml);
    EXPECT_FALSE(store.find_run(sha256_hex(old_text)));
  }
  EXPECT_EQ(meta(path, "identity_version"), "3");
  // The same point with chunking is a new run.
  std::string chunked = kGrid;
  chunked.replace(chunked.find("[model]"), 0, "long_sequences = \"chunk\"\n");
  std::ofstream(dir + "/c.toml") << chunked;
  setenv("LNC_TEST_MIGRATION_DATA", "/data/here", 1);
  const auto other = config::load_grid_config(dir + "/c.toml");
  unsetenv("LNC_TEST_MIGRATION_DATA");
  ResultsStore store(path, true);
  EXPECT_NE(other.points[0].config_hash, grid.points[0].config_hash);
  EXPECT_FALSE(store.find_run(other.points[0].config_hash));
}

}  // namespace
}  // namespace lnc::results
