#pragma once
// One grid point on one group of ranks: build the model, fine-tune with AdamW + warmup/decay on the global
// batches of the token file's train split, evaluate on dev after every epoch, keep the parameters of the epoch
// with the lowest dev loss, and evaluate those on test. Every rank of the group calls this with the same config.
//
// train_and_evaluate composes the pieces in trainer/training/, one concept a file:
//   run_setup.h          the token file checked against the config; the model built, seeded, on the device
//   optimizer_builder.h  AdamW with transformers' Trainer parameter groups (no decay for biases, LayerNorm)
//   step_plan.h          steps per epoch, total steps, epochs
//   resume_policy.h      what a checkpoint restores, where the loop resumes, when checkpoints are written
//   epoch_order.h        an epoch's row order (shuffle, optional length bucketing)
//   batch_prefetcher.h   the next batch read, collated and copied to the device on a background thread
//   train_step.h         one optimizer step: micro-batches, gradient sum, loss/stop verdict, clipping, lr
//   fused_adamw.h        the AdamW step as one fused kernel per parameter group (optimizer_builder makes it)
//   gradient_traffic.h   the gradient bytes per step, logged after training
//   epoch_evaluation.h   the epoch's train loss, dev evaluation and best-so-far parameters
//   final_evaluation.h   the best parameters back, LoRA exports, dev and test metrics, attention importance
//   run_metrics.h        metric rows and the log's metric text
//   run_predictions.h    per-sample dev/test rows of the best model, auroc and auprc
//   ../tracking/run_tracker.h  the training curve and the TensorBoard event file
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cluster/device_choice.h"
#include "config/run_config.h"
#include "trainer/importance/importance_row.h"
#include "trainer/prediction_row.h"
#include "trainer/tracking/curve_point.h"

namespace lnc::cluster {
class ProcessGroup;
}

namespace lnc::trainer {

struct MetricValue {
  std::string split;                  // train | dev | test
  std::optional<std::int64_t> epoch;  // nullopt = final
  std::string name;                   // mcc | accuracy | f1 | loss | auroc | auprc
  double value = 0;
};

struct RunOutcome {
  std::vector<MetricValue> metrics;
  std::int64_t steps = 0;
  std::int64_t best_epoch = -1;
  std::int64_t allreduce_bytes_per_step = 0;
  std::vector<ImportanceRow> importance;  // test split, best model ([evaluation] importance); same on every rank
  // Every dev then test row of the best model (trainer/training/run_predictions.h): on every rank of a neural run
  // (evaluation gathers the logits on all of them), on the group's first rank of lr_tfidf; the leader sends them.
  std::vector<PredictionRow> predictions;
  // Every [training] log_every steps and at the last step (trainer/tracking/run_tracker.h); the same on every rank.
  std::vector<CurvePoint> curve;
  // The global-batch mean training loss of every optimizer step this call ran, in order (the value the
  // divergence check already all-reduces, so recording it costs nothing); the same on every rank. A resumed
  // run's list starts at the step it resumed from (RunControl::resumed_from_step).
  std::vector<double> step_losses;
};

using RunLogger = std::function<void(const std::string&)>;

struct RunControl;  // trainer/checkpoint/run_control.h: checkpoints, resume, stop requests, progress

// With a control that names a checkpoint directory, the run resumes from its newest complete checkpoint, writes
// checkpoints as asked, and on a stop request checkpoints and throws TrainingInterrupted. A loss that is not
// finite throws "diverged: loss is NaN at step N" on every rank of the group.
RunOutcome train_and_evaluate(const config::RunConfig& config, cluster::ProcessGroup& group,
                              const cluster::DeviceChoice& device, const RunLogger& log, RunControl* control = nullptr);

// Threads for torch per rank so that ranks x threads never exceed the cores of the node.
int threads_per_rank(std::int64_t configured, int local_ranks);

}  // namespace lnc::trainer
