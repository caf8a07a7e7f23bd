#include "trainer/training/train_step.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "cluster/process_group.h"
#include "trainer/components/autocast_scope.h"
#include "trainer/components/gradient_clipping.h"
#include "trainer/components/host_read.h"
#include "trainer/components/lr_schedule.h"
#include "trainer/components/micro_batches.h"
#include "trainer/training/optimizer_builder.h"

namespace lnc::trainer {

StepResult train_step(const TrainingStep& context, const DeviceBatch* share, double global_rows, std::int64_t step,
                      bool stop_requested_here) {
  const auto& training = context.config.training;
  const auto& optimizer = context.config.optimizer;
  StepResult result;
  context.optimizer.zero_grad();
  // This rank's loss share stays on the device until the step's one host read below.
  auto rank_loss = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(context.device));
  if (share) {
    // bf16 autocast changes the forward ops' dtypes only; parameters and their gradients stay fp32.
    AutocastScope autocast(training.precision == "bf16", context.device.type());
    const auto passes = micro_batch_count(share->labels.size(0), training.micro_batch_size);
    context.gradients.expect_backward_passes(static_cast<int>(passes));
    rank_loss = backward_in_micro_batches_on_device(context.model, *share, training.micro_batch_size, global_rows);
  }
  // The gradient sum first: ranks with rows launched its buckets during backward, and a rank without rows (an
  // empty share of a short last batch) launches them all here, so every rank issues the step's collectives in
  // the same order whatever its share (the verdict before it would pair with another rank's bucket).
  context.gradients.allreduce();
  result.gradient_bytes = context.gradients.bytes_last_step();
  // One small all-reduce per step makes a divergence and a stop request visible to every rank at once, so the
  // group fails or checkpoints consistently (a NaN on any rank makes the sum NaN). The gradient norm before
  // clipping (the training curve: trainer/tracking/run_tracker.h) is computed on the device first, so it comes back
  // in the same copy as the verdict and this rank's own share: the step's only host synchronisation (clipping and
  // AdamW never read the device). Clipping before the verdict changes nothing: a diverged step throws below, and a
  // stop request still takes this step.
  auto norm = optimizer.max_grad_norm > 0 ? clip_gradient_norm(context.trainable, optimizer.max_grad_norm)
                                          : gradient_norm(context.trainable);
  if (!norm.defined()) norm = torch::zeros({}, rank_loss.options());
  auto stop = torch::full({}, stop_requested_here ? 1.0 : 0.0, rank_loss.options());
  std::vector<torch::Tensor> verdict{torch::stack({rank_loss, stop})};
  context.group.allreduce_sum(verdict, "loss/stop verdict");
  const auto host = read_on_host(
      torch::cat({verdict[0], rank_loss.reshape({1}), norm.to(rank_loss.options()).reshape({1})}));
  result.global_loss = host[0];
  result.stop = host[1] > 0;
  result.rank_loss = host[2];
  result.grad_norm = host[3];
  if (!std::isfinite(result.global_loss))
    throw std::runtime_error(std::string("diverged: loss is ") + (std::isnan(result.global_loss) ? "NaN" : "infinite") +
                             " at step " + std::to_string(step + 1));
  const auto& scheduler = context.config.scheduler;
  const double lr = scheduled_lr(optimizer.lr, step, scheduler.warmup_steps, context.total_steps, scheduler.decay);
  set_learning_rate(context.optimizer, lr);
  result.lr = lr;
  context.optimizer.step();
  return result;
}

}  // namespace lnc::trainer
