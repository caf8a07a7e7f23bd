#include "trainer/training/train_step.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "cluster/process_group.h"
#include "trainer/components/autocast_scope.h"
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
  if (share) {
    // bf16 autocast changes the forward ops' dtypes only; parameters and their gradients stay fp32.
    AutocastScope autocast(training.precision == "bf16", context.device.type());
    const auto passes = micro_batch_count(share->labels.size(0), training.micro_batch_size);
    context.gradients.expect_backward_passes(static_cast<int>(passes));
    result.rank_loss = backward_in_micro_batches(context.model, *share, training.micro_batch_size, global_rows);
  }
  // The gradient sum first: ranks with rows launched its buckets during backward, and a rank without rows (an
  // empty share of a short last batch) launches them all here, so every rank issues the step's collectives in
  // the same order whatever its share (the verdict before it would pair with another rank's bucket).
  context.gradients.allreduce();
  result.gradient_bytes = context.gradients.bytes_last_step();
  // One small all-reduce per step makes a divergence and a stop request visible to every rank at once, so the
  // group fails or checkpoints consistently (a NaN on any rank makes the sum NaN).
  std::vector<torch::Tensor> verdict{
      torch::tensor({result.rank_loss, stop_requested_here ? 1.0 : 0.0}, torch::kFloat64).to(context.device)};
  context.group.allreduce_sum(verdict);
  auto v = verdict[0].to(torch::kCPU);
  result.global_loss = v[0].item<double>();
  result.stop = v[1].item<double>() > 0;
  if (!std::isfinite(result.global_loss))
    throw std::runtime_error(std::string("diverged: loss is ") + (std::isnan(result.global_loss) ? "NaN" : "infinite") +
                             " at step " + std::to_string(step + 1));
  if (optimizer.max_grad_norm > 0) torch::nn::utils::clip_grad_norm_(context.trainable, optimizer.max_grad_norm);
  const auto& scheduler = context.config.scheduler;
  const double lr = scheduled_lr(optimizer.lr, step, scheduler.warmup_steps, context.total_steps, scheduler.decay);
  set_learning_rate(context.optimizer, lr);
  context.optimizer.step();
  return result;
}

}  // namespace lnc::trainer
