#pragma once
// One row of a run's training curve ([training] log_every): no torch here, the grid messages and the coordinator
// carry it to the store (table training_curve, results/store/results_store.h).
#include <cstdint>

namespace lnc::trainer {

struct CurvePoint {
  std::int64_t step = 0;          // optimizer steps done (1-based: the row after step `step`)
  double train_loss = 0;          // mean of the global-batch losses of the steps since the previous row
  double lr = 0;                  // the learning rate of step `step`
  double grad_norm = 0;           // global gradient norm of step `step`, before clipping
  double steps_per_second = 0;    // over the steps since the previous row (wall clock of rank 0 of the group)
};

}  // namespace lnc::trainer
