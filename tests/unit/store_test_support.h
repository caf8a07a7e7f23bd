#pragma once
// What the results-store tests share: a minimal run record and a raw SQL statement against a store file (to build
// stores of older schema versions, or to read what the store wrote).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "results/store/results_store.h"

namespace lnc::results::test_support {

inline RunRecord run_with_hash(const std::string& hash) {
  RunRecord r;
  r.config_hash = hash;
  r.config_text = "x";
  r.task = "toy";
  r.model = "bert-tiny";
  return r;
}

// Runs `statement` on the SQLite file at `path`; a failure is a test failure naming SQLite's message.
inline void sql(const std::string& path, const std::string& statement) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &err);
  const std::string message = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

}  // namespace lnc::results::test_support
