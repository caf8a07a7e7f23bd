#pragma once
// The report's provenance table (provenance.md): one row per run that recorded provenance (store schema 7,
// results/store/run_provenance.h), a column per key in the key order; sha256 values shortened to their first 12
// hex digits (the store keeps them whole; `sqlite3 STORE "SELECT * FROM run_provenance"` shows them).
#include <string>

namespace lnc::results {

class ResultsStore;

// Markdown with a heading; "—" in place of the table when no run recorded provenance.
std::string provenance_markdown(const ResultsStore& store);

}  // namespace lnc::results
