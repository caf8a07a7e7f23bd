#pragma once
// One optimizer step of data-parallel training over a rank's share of a global batch:
//   1. zero the gradients; forward and backward over the share in micro-batches ([training] micro_batch_size),
//      each micro-batch's summed cross-entropy divided by the GLOBAL batch size (trainer/components/
//      micro_batches.h), under bf16 autocast when [training] precision asks for it;
//   2. the gradient sum over the group (GradientReducer: overlapped with backward, or after it);
//   3. clipping of the global gradient norm to [optimizer] max_grad_norm (<= 0: none), on the device
//      (trainer/components/gradient_clipping.h: no host read of the norm); the norm before clipping is kept as
//      a device tensor for the training curve;
//   4. one small all-reduce of (this rank's loss share, this rank's stop request): the global-batch mean loss
//      and the group's stop verdict, the same on every rank; a loss that is not finite throws
//      "diverged: loss is NaN|infinite at step N" on every rank at once. Read on the host together with the
//      rank's own share and the gradient norm in ONE copy (trainer/components/host_read.h): the step's only
//      host synchronisation;
//   5. the scheduled lr of this step (trainer/components/lr_schedule.h) and the AdamW step (FusedAdamW).
// The verdict is read within its step, not one step late: a divergence then stops before the optimizer applies
// a non-finite gradient, and a stop request checkpoints the step it was asked at, as before.
// Every rank of the group calls it for every step, an empty share included (steps 2 and 4 are collectives).
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "config/run_config.h"
#include "trainer/components/gradient_reducer.h"
#include "trainer/evaluation.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

// What every step of a run uses, built once.
struct TrainingStep {
  SequenceClassifier& model;
  torch::optim::AdamW& optimizer;  // trainer/training/optimizer_builder.h
  GradientReducer& gradients;
  const std::vector<torch::Tensor>& trainable;  // clipped together
  cluster::ProcessGroup& group;
  torch::Device device;
  const config::RunConfig& config;  // [optimizer], [lr_scheduler], [training] micro_batch_size and precision
  std::int64_t total_steps;         // the lr schedule's end
};

struct StepResult {
  double global_loss = 0;         // mean loss over the global batch, identical on every rank
  double rank_loss = 0;           // this rank's share of it (sum of its rows' losses / global batch rows)
  bool stop = false;              // some rank of the group asked to stop at this step
  std::int64_t gradient_bytes = 0;  // bytes the gradient collectives were handed (0 on a single rank)
  double lr = 0;                  // the scheduled learning rate of this step
  double grad_norm = 0;           // global gradient norm before clipping (the summed gradient: same on every rank)
};

// `share`: this rank's rows of the global batch, null when it has none; `global_rows`: rows of the whole global
// batch; `step`: 0-based (the lr schedule's position; "step N" in errors is step + 1).
StepResult train_step(const TrainingStep& context, const DeviceBatch* share, double global_rows, std::int64_t step,
                      bool stop_requested_here);

}  // namespace lnc::trainer
