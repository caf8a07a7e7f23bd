#include "trainer/training_run.h"

#include <torch/torch.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <thread>

#include "cluster/process_group.h"
#include "data/batching/global_batch_plan.h"
#include "data/batching/long_rows.h"
#include "data/token_store/token_store.h"
#include "trainer/baseline_run.h"
#include "trainer/checkpoint/run_control.h"
#include "trainer/components/gradient_reducer.h"
#include "trainer/evaluation.h"
#include "trainer/training/batch_prefetcher.h"
#include "trainer/training/epoch_evaluation.h"
#include "trainer/training/epoch_order.h"
#include "trainer/training/final_evaluation.h"
#include "trainer/training/gradient_traffic.h"
#include "trainer/training/optimizer_builder.h"
#include "trainer/training/resume_policy.h"
#include "trainer/training/run_setup.h"
#include "trainer/training/step_plan.h"
#include "trainer/training/train_step.h"
#include "trainer/tracking/run_tracker.h"

namespace lnc::trainer {

int threads_per_rank(std::int64_t configured, int local_ranks) {
  if (configured > 0) return static_cast<int>(configured);
  const int cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max(1, cores / std::max(1, local_ranks));
}

RunOutcome train_and_evaluate(const config::RunConfig& config, cluster::ProcessGroup& group,
                              const cluster::DeviceChoice& device_choice, const RunLogger& log, RunControl* control) {
  if (config.model.is_baseline()) return run_baseline(config, group, log);  // no steps: nothing to checkpoint
  const auto& tc = config.training;
  data::TokenStoreReader reader(config.data.tokens);
  const int num_labels = check_token_file(config, reader);
  const torch::Device device(device_choice.device);
  auto model = build_training_model(config, reader, num_labels, group.rank(), device);
  // Rows longer than the model's context: checked once here, then every batch is cut the same way.
  const auto row_policy = long_row_policy(config.data, model->config(), reader.info());
  if (const auto problem = data::long_row_policy_problem(row_policy); !problem.empty())
    throw std::invalid_argument(problem);
  const auto parameters = parameter_groups(model->named_parameters());
  auto optimizer = make_adamw(parameters, config.optimizer);
  auto gradients = make_gradient_reducer(parameters.trainable, group, tc.overlap_allreduce);
  const data::GlobalBatchPlan plan(reader.num_examples("train"), tc.global_batch_size,
                                   static_cast<std::uint64_t>(tc.seed));
  const auto steps = plan_steps(plan.batches_per_epoch(), tc.epochs, tc.max_steps);

  RunOutcome out;
  out.allreduce_bytes_per_step = gradients->bytes_per_step();
  BestModel best;
  RunCheckpoints checkpoints(control, group, *model, *optimizer, best.state);
  const auto start = checkpoints.start(config.config_hash, steps.total_steps, log);  // restores best.state
  out.metrics = start.progress.metrics;
  best.dev_loss = start.progress.best_dev_loss;
  best.epoch = start.progress.best_epoch;
  const TrainingStep step_context{*model, *optimizer, *gradients, parameters.trainable, group, device, config,
                                  steps.total_steps};
  const EvaluationContext evaluation{*model, reader, row_policy, tc.eval_batch_size, device, group, log};
  RunTracker tracker(config, control ? control->run_dir : std::string(), group.rank(), steps.total_steps);
  GradientTraffic traffic;
  std::int64_t step = start.progress.step;
  model->train();
  // Every epoch below steps.epochs has steps; a run resumed right after its last step still owes that epoch's
  // evaluation, so the loop does not also test step < total_steps.
  for (std::int64_t epoch = start.progress.epoch; epoch < steps.epochs; ++epoch) {
    const auto order = epoch_order(plan, reader, tc, epoch);
    auto [first_batch, accumulators] = epoch_start(start, epoch);
    // The loop's batches, read one ahead on a background thread (idle again when the epoch's steps are done).
    BatchPrefetcher shares(reader, plan, order, row_policy, group.rank(), group.size(), device, first_batch,
                           first_batch + std::max<std::int64_t>(0, std::min(steps.steps_per_epoch - first_batch,
                                                                            steps.total_steps - step)));
    for (std::int64_t b = first_batch; b < steps.steps_per_epoch && step < steps.total_steps; ++b, ++step) {
      const auto global_rows = static_cast<double>(plan.global_batch(order, b).size());
      const auto rows = plan.rank_rows(order, b, group.rank(), group.size());
      const std::optional<DeviceBatch> share = shares.next();
      const bool stop_here = control && control->stop_requested && control->stop_requested();
      const auto result = train_step(step_context, share ? &*share : nullptr, global_rows, step, stop_here);
      accumulators.loss_sum += result.rank_loss * global_rows;
      accumulators.loss_count += static_cast<std::int64_t>(rows.size());
      out.step_losses.push_back(result.global_loss);
      tracker.after_step(step + 1, result.global_loss, result.lr, result.grad_norm, out);
      traffic.add(result.gradient_bytes);
      if (control && control->on_step) control->on_step(step + 1, steps.total_steps);
      const bool epoch_end_follows = b + 1 == steps.steps_per_epoch || step + 1 == steps.total_steps;
      checkpoints.after_step(step + 1, epoch, b + 1, epoch_end_follows, result.stop, accumulators, out.metrics);
    }
    evaluate_epoch(evaluation, epoch, steps.epochs, step, accumulators, out.metrics, best);
    tracker.after_epoch(step, epoch, out.metrics);
    checkpoints.after_epoch(step, epoch + 1, best.dev_loss, best.epoch, out.metrics);
  }
  out.steps = step;
  out.best_epoch = best.epoch;
  if (traffic.steps > 0) log(traffic.summary(parameters.trainable));
  evaluate_best_model(evaluation, config, control, best, out);
  tracker.finish(out.metrics, /*success=*/true);
  return out;
}

}  // namespace lnc::trainer
