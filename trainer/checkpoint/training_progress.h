#pragma once
// Where a training run stands between two optimizer steps: everything besides tensors that a resumed run needs
// to continue exactly as if it had not stopped. Written as progress.json in every checkpoint (format below).
//
// progress.json (one JSON object, written by rank 0 of the group; doubles are printed with 17 significant
// digits, so they read back bit-identical):
//   {"format": 1,
//    "config_hash": "<sha256 of the run's config>",
//    "group_size": <ranks that wrote the checkpoint>,
//    "step": <optimizer steps done>, "epoch": <epoch in progress>, "batch": <next global batch of that epoch>,
//    "total_steps": <steps of the whole run>,
//    "best_dev_loss": <lowest dev loss so far, null = no epoch finished>, "best_epoch": <its epoch, -1 = none>,
//    "metrics": [{"split": "train"|"dev", "epoch": <e>, "name": "loss"|"mcc"|..., "value": <v>}, ...]}
//   (metrics of the epochs finished so far, in the order the run produced them)
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "trainer/training_run.h"

namespace lnc::trainer {

struct TrainingProgress {
  std::string config_hash;
  std::int64_t group_size = 1;
  std::int64_t step = 0, epoch = 0, batch = 0, total_steps = 0;
  double best_dev_loss = INFINITY;
  std::int64_t best_epoch = -1;
  std::vector<MetricValue> metrics;
};

std::string progress_to_json(const TrainingProgress& progress);
// Throws InputError naming `source` on a malformed file.
TrainingProgress progress_from_json(const std::string& text, const std::string& source);

}  // namespace lnc::trainer
