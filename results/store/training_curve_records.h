#pragma once
// A run's training curve in the store (schema 7, table training_curve; documented in results/store/results_store.h):
// one row every [training] log_every steps and at the last step (trainer/tracking/run_tracker.h), written by rank 0
// with the run's results. The report draws the loss curves from it (results/report/training_curves.h).
#include <cstdint>
#include <vector>

namespace lnc::results {

class ResultsStore;

struct CurveRecord {
  std::int64_t step = 0;
  double train_loss = 0, lr = 0, grad_norm = 0, steps_per_second = 0;  // NaN = not known (stored as NULL)
};

extern const char* const kTrainingCurveTable;

// Replaces the run's rows, in one transaction.
void put_training_curve(ResultsStore& store, std::int64_t run_id, const std::vector<CurveRecord>& rows);
// Ordered by step; empty for a store without the table (older than version 7, opened read-only).
std::vector<CurveRecord> read_training_curve(const ResultsStore& store, std::int64_t run_id);

}  // namespace lnc::results
