#pragma once
// The resume policy of a training run whose RunControl names a checkpoint directory: what is restored, where
// the loop goes on, and when checkpoints are written (the files: trainer/checkpoint/training_checkpoint.h).
//
// Restored, from the newest complete checkpoint written for the same config hash by a group of the same size:
// the model's tensors, the AdamW state, the parameters of the best epoch so far, the CPU generator, and the
// TrainingProgress (steps done, the epoch in progress and its next global batch, best dev loss and epoch, the
// metrics of the finished epochs) with this rank's train-loss sums of the epoch in progress. The data order and
// the lr schedule are functions of (epoch, batch, step), so the resumed run goes on with the same sequence as an
// uninterrupted one. Any other checkpoint is ignored, with a log line saying why.
//
// Written: after every checkpoint_every-th step unless the epoch ends with it (the epoch-end checkpoint
// follows), after every epoch's evaluation (pointing at batch 0 of the next epoch), and after the step at which
// some rank of the group asked to stop, which then throws TrainingInterrupted on every rank.
// Without a checkpoint directory nothing is restored or written, and stop requests are not acted on.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "trainer/checkpoint/training_checkpoint.h"
#include "trainer/checkpoint/training_progress.h"
#include "trainer/training_run.h"

namespace lnc::cluster {
class ProcessGroup;
}

namespace lnc::trainer {

struct RunControl;

// Where a run starts: step 0 of epoch 0, or where its checkpoint left off.
struct TrainingStart {
  TrainingProgress progress;
  RankAccumulators accumulators;  // this rank's train-loss sums of progress.epoch up to progress.batch
};

// The first global batch of `epoch` and the train-loss sums it starts from: the checkpoint's in the epoch it was
// written in, else batch 0 and zeros.
struct EpochStart {
  std::int64_t batch = 0;
  RankAccumulators accumulators;
};
EpochStart epoch_start(const TrainingStart& start, std::int64_t epoch);

// Whether a periodic checkpoint is written after `steps_done` steps (every > 0: every that many steps).
bool periodic_checkpoint_due(std::int64_t steps_done, std::int64_t every, bool epoch_end_follows);

// Every rank of the group makes the same calls at the same steps (saving and loading contain collectives).
class RunCheckpoints {
 public:
  // `control` may be null. The model, optimizer and best-state vector are restored into and saved from.
  RunCheckpoints(RunControl* control, cluster::ProcessGroup& group, torch::nn::Module& model,
                 torch::optim::Optimizer& optimizer, std::vector<torch::Tensor>& best_state);
  bool enabled() const { return enabled_; }

  // Restores the newest usable checkpoint, if any (sets control->resumed_from_step and logs "resumed from step
  // S (epoch E, batch B)"), else starts fresh.
  TrainingStart start(const std::string& config_hash, std::int64_t total_steps, const RunLogger& log);

  // After optimizer step number `steps_done` (1-based) of `epoch`, whose next batch is `next_batch`; `stop` is
  // the group's combined stop request of that step. `metrics`: those of the finished epochs.
  void after_step(std::int64_t steps_done, std::int64_t epoch, std::int64_t next_batch, bool epoch_end_follows,
                  bool stop, const RankAccumulators& accumulators, const std::vector<MetricValue>& metrics);

  // After the evaluation of the epoch before `next_epoch`, with the best dev loss and epoch so far.
  void after_epoch(std::int64_t steps_done, std::int64_t next_epoch, double best_dev_loss, std::int64_t best_epoch,
                   const std::vector<MetricValue>& metrics);

 private:
  void save(std::int64_t step, std::int64_t epoch, std::int64_t batch, const RankAccumulators& accumulators,
            const std::vector<MetricValue>& metrics);

  RunControl* control_;
  cluster::ProcessGroup& group_;
  torch::nn::Module& model_;
  torch::optim::Optimizer& optimizer_;
  std::vector<torch::Tensor>& best_state_;
  bool enabled_;
  TrainingProgress progress_;  // what the next checkpoint writes besides step, epoch, batch and metrics
};

}  // namespace lnc::trainer
