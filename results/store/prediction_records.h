#pragma once
// Per-sample predictions of a run's best model on dev and test (store schema 7, table `predictions`; the schema
// is documented in results/store/results_store.h). Written by rank 0 with the run's results; read by
// `lnctrain predictions` (CSV) and the report's paired comparisons (results/report/paired_comparison.h).
#include <cstdint>
#include <string>
#include <vector>

namespace lnc::results {

class ResultsStore;

struct PredictionRecord {
  std::int64_t run_id = 0;
  std::string split;  // dev | test
  std::int64_t sample = 0;
  std::int64_t label = 0;
  std::int64_t prediction = 0;
  std::vector<float> probabilities;  // one per class
};

// The CREATE TABLE of `predictions` (results_store.cpp creates it with the schema).
extern const char* const kPredictionsTable;

// Replaces the run's rows for the splits present in `rows`, in one transaction.
void put_predictions(ResultsStore& store, std::int64_t run_id, const std::vector<PredictionRecord>& rows);
// The run's rows, dev before test, each split by sample; `split` empty = both. Empty for a store without the table
// (older than version 7, opened read-only). A BLOB whose size is not a whole number of floats is an InputError.
std::vector<PredictionRecord> read_predictions(const ResultsStore& store, std::int64_t run_id,
                                               const std::string& split = "");

}  // namespace lnc::results
