#include "trainer/training_run.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <thread>

#include "cluster/process_group.h"
#include "data/random/deterministic_rng.h"
#include "data/batching/global_batch_plan.h"
#include "data/batching/length_buckets.h"
#include "base/input_error.h"
#include "data/token_store/token_store.h"
#include "trainer/checkpoint/run_control.h"
#include "trainer/checkpoint/training_checkpoint.h"
#include "trainer/baseline_run.h"
#include "trainer/components/gradient_sync.h"
#include "trainer/components/micro_batches.h"
#include "trainer/lora/apply_lora.h"
#include "trainer/lora/lora_run_export.h"
#include "trainer/components/autocast_scope.h"
#include "trainer/components/gradient_reducer.h"
#include "trainer/components/lr_schedule.h"
#include "trainer/evaluation.h"
#include "trainer/importance/test_split_importance.h"
#include "trainer/model_builder.h"

namespace lnc::trainer {

int threads_per_rank(std::int64_t configured, int local_ranks) {
  if (configured > 0) return static_cast<int>(configured);
  const int cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max(1, cores / std::max(1, local_ranks));
}

namespace {

bool no_decay(const std::string& name) {
  // As transformers' Trainer: biases and LayerNorm weights are not decayed.
  return name.size() >= 4 && (name.rfind(".bias") == name.size() - 5 || name.find("LayerNorm") != std::string::npos ||
                              name.find("layernorm") != std::string::npos || name.find("layer_norm") != std::string::npos);
}

void add_metrics(RunOutcome& out, const std::string& split, std::optional<std::int64_t> epoch,
                 const ClassificationMetrics& m) {
  out.metrics.push_back({split, epoch, "mcc", m.mcc});
  out.metrics.push_back({split, epoch, "accuracy", m.accuracy});
  out.metrics.push_back({split, epoch, "f1", m.f1});
  out.metrics.push_back({split, epoch, "loss", m.loss});
}

std::string format_metrics(const ClassificationMetrics& m) {
  std::ostringstream s;
  s.precision(4);
  s << std::fixed << "loss " << m.loss << " mcc " << m.mcc << " acc " << m.accuracy << " f1 " << m.f1;
  return s.str();
}

// "gradient all-reduce: MIN..MAX bytes per step over N steps; trainable parameters: P (B bytes)" (the log line the
// LoRA integration test reads: with LoRA only the adapters and the head are exchanged).
std::string allreduce_summary(std::int64_t min_bytes, std::int64_t max_bytes, std::int64_t steps,
                              const std::vector<torch::Tensor>& trainable) {
  std::int64_t count = 0, bytes = 0;
  for (const auto& p : trainable) {
    count += p.numel();
    bytes += p.numel() * static_cast<std::int64_t>(p.element_size());
  }
  return "gradient all-reduce: " + std::to_string(min_bytes) + ".." + std::to_string(max_bytes) +
         " bytes per step over " + std::to_string(steps) + " steps; trainable parameters: " + std::to_string(count) +
         " (" + std::to_string(bytes) + " bytes)";
}

}  // namespace

RunOutcome train_and_evaluate(const config::RunConfig& config, cluster::ProcessGroup& group,
                              const cluster::DeviceChoice& device_choice, const RunLogger& log, RunControl* control) {
  if (config.model.is_baseline()) return run_baseline(config, group, log);  // no steps: nothing to checkpoint
  const auto& tc = config.training;
  data::TokenStoreReader reader(config.data.tokens);
  for (const char* split : {"train", "dev", "test"})
    if (!reader.has_split(split)) throw InputError(config.data.tokens, 0, split, "token file lacks this split");
  if (reader.info().tokenizer != config.data.tokenizer || reader.info().k != config.data.k)
    throw InputError(config.source_file, 0, "data.tokens",
                     "token file " + config.data.tokens + " was made with tokenizer " + reader.info().tokenizer +
                         " k=" + std::to_string(reader.info().k) + ", the config says " + config.data.tokenizer +
                         " k=" + std::to_string(config.data.k));
  auto train_labels = reader.labels("train");
  const int num_labels = 1 + *std::max_element(train_labels.begin(), train_labels.end());
  if (num_labels < 2) throw InputError(config.data.tokens, 0, "train/labels", "the train split has a single class");

  // Identical initial weights on every rank; then a per-rank stream for dropout.
  torch::manual_seed(static_cast<std::uint64_t>(tc.seed));
  torch::Device device(device_choice.device);
  auto model = build_classifier(config.model, reader.info().vocab_size, reader.info().pad_id, num_labels);
  if (config.lora.enabled) apply_lora(*model, config.lora);  // freezes the base: only adapters + head train
  model->set_activation_checkpointing(tc.activation_checkpointing);
  model->to(device);
  torch::manual_seed(data::DeterministicRng(static_cast<std::uint64_t>(tc.seed), "dropout/rank-" + std::to_string(group.rank())).next());

  std::vector<torch::Tensor> decay, plain, trainable;
  for (auto& item : model->named_parameters()) {
    if (!item.value().requires_grad()) continue;
    trainable.push_back(item.value());
    (no_decay(item.key()) ? plain : decay).push_back(item.value());
  }
  const auto& oc = config.optimizer;
  auto adamw_options = [&](double wd) {
    return std::make_unique<torch::optim::AdamWOptions>(
        torch::optim::AdamWOptions(oc.lr).betas({oc.beta1, oc.beta2}).eps(oc.eps).weight_decay(wd));
  };
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(decay, adamw_options(oc.weight_decay));
  groups.emplace_back(plain, adamw_options(0.0));
  torch::optim::AdamW optimizer(groups, torch::optim::AdamWOptions(oc.lr));
  auto sync = make_gradient_reducer(trainable, group, tc.overlap_allreduce);

  data::GlobalBatchPlan plan(reader.num_examples("train"), tc.global_batch_size, static_cast<std::uint64_t>(tc.seed));
  const std::int64_t steps_per_epoch = plan.batches_per_epoch();
  std::int64_t total_steps = steps_per_epoch * tc.epochs;
  if (tc.max_steps > 0) total_steps = std::min(total_steps, tc.max_steps);
  const std::int64_t epochs = (total_steps + steps_per_epoch - 1) / steps_per_epoch;

  RunOutcome out;
  out.allreduce_bytes_per_step = sync->bytes_per_step();
  // Bytes the gradient collectives were handed per step, measured (0 on a single rank): logged after training.
  std::int64_t wire_min = std::numeric_limits<std::int64_t>::max(), wire_max = 0, wire_steps = 0;
  std::vector<torch::Tensor> best_state;
  // Where training stands: from scratch, or from the newest complete checkpoint (trainer/checkpoint/). The data
  // order and the schedule depend only on (epoch, batch, step), so a resumed run continues the same sequence.
  TrainingProgress progress;
  progress.config_hash = config.config_hash;
  progress.group_size = group.size();
  progress.total_steps = total_steps;
  RankAccumulators resumed_loss;
  const bool checkpoints = control && !control->checkpoint_dir.empty();
  if (checkpoints) {
    std::string why_not;
    if (auto loaded = load_latest_training_checkpoint(control->checkpoint_dir, group, *model, optimizer, best_state,
                                                      config.config_hash, why_not)) {
      progress = loaded->progress;
      resumed_loss = loaded->accumulators;
      control->resumed_from_step = progress.step;
      log("resumed from step " + std::to_string(progress.step) + " (epoch " + std::to_string(progress.epoch + 1) +
          ", batch " + std::to_string(progress.batch) + ")");
    } else if (!why_not.empty()) {
      log(why_not);
    }
  }
  auto checkpoint = [&](std::int64_t step, std::int64_t epoch, std::int64_t batch, const RankAccumulators& acc) {
    progress.step = step;
    progress.epoch = epoch;
    progress.batch = batch;
    progress.metrics = out.metrics;
    save_training_checkpoint(control->checkpoint_dir, group, *model, optimizer, best_state, progress, acc);
    if (control->on_checkpoint) control->on_checkpoint(step);
  };
  out.metrics = progress.metrics;
  double best_dev_loss = progress.best_dev_loss;
  out.best_epoch = progress.best_epoch;
  std::int64_t step = progress.step;
  model->train();
  // Every epoch below `epochs` has steps (epochs = ceil(total_steps / steps_per_epoch)); a run resumed right
  // after its last step still owes that epoch's evaluation, so the loop does not also test step < total_steps.
  for (std::int64_t epoch = progress.epoch; epoch < epochs; ++epoch) {
    auto order = plan.epoch_order(epoch);
    if (tc.length_bucketing)
      order = data::length_bucketed_order(order, reader.lengths("train"), tc.global_batch_size,
                                          tc.length_bucket_window, static_cast<std::uint64_t>(tc.seed), epoch);
    const bool resumed_epoch = epoch == progress.epoch;
    double loss_sum = resumed_epoch ? resumed_loss.loss_sum : 0;
    std::int64_t loss_count = resumed_epoch ? resumed_loss.loss_count : 0;
    for (std::int64_t b = resumed_epoch ? progress.batch : 0; b < steps_per_epoch && step < total_steps; ++b, ++step) {
      const auto global_count = static_cast<double>(plan.global_batch(order, b).size());
      auto rows = plan.rank_rows(order, b, group.rank(), group.size());
      optimizer.zero_grad();
      double step_loss = 0;  // this rank's share of the global-batch mean loss
      if (!rows.empty()) {
        auto batch = to_device_batch(reader.read_rows("train", rows), device);
        // Sum over this rank's rows / global batch size: summed over ranks this is the global batch mean.
        {
          // bf16 autocast changes the forward ops' dtypes only; parameters and their gradients stay fp32.
          AutocastScope autocast(tc.precision == "bf16", device.type());
          sync->expect_backward_passes(static_cast<int>(micro_batch_count(batch.labels.size(0), tc.micro_batch_size)));
          step_loss = backward_in_micro_batches(*model, batch.input_ids, batch.attention_mask, batch.labels,
                                                tc.micro_batch_size, global_count);
        }
        loss_sum += step_loss * global_count;
        loss_count += static_cast<std::int64_t>(rows.size());
      }
      // One small all-reduce per step makes a divergence and a stop request visible to every rank at once, so
      // the group fails or checkpoints consistently (a NaN on any rank makes the sum NaN).
      const bool stop_here = control && control->stop_requested && control->stop_requested();
      std::vector<torch::Tensor> verdict{
          torch::tensor({step_loss, stop_here ? 1.0 : 0.0}, torch::kFloat64).to(device)};
      group.allreduce_sum(verdict);
      auto v = verdict[0].to(torch::kCPU);
      const double global_loss = v[0].item<double>();
      if (!std::isfinite(global_loss))
        throw std::runtime_error(std::string("diverged: loss is ") + (std::isnan(global_loss) ? "NaN" : "infinite") +
                                 " at step " + std::to_string(step + 1));
      out.step_losses.push_back(global_loss);
      sync->allreduce();
      wire_min = std::min(wire_min, sync->bytes_last_step()), wire_max = std::max(wire_max, sync->bytes_last_step());
      ++wire_steps;
      if (oc.max_grad_norm > 0) torch::nn::utils::clip_grad_norm_(trainable, oc.max_grad_norm);
      const double lr = scheduled_lr(oc.lr, step, config.scheduler.warmup_steps, total_steps, config.scheduler.decay);
      for (auto& g : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
      optimizer.step();
      if (control && control->on_step) control->on_step(step + 1, total_steps);
      if (checkpoints) {
        const bool stop = v[1].item<double>() > 0;
        const bool epoch_end_follows = b + 1 == steps_per_epoch || step + 1 == total_steps;
        if (stop) {
          checkpoint(step + 1, epoch, b + 1, {loss_sum, loss_count});
          throw TrainingInterrupted(step + 1);
        }
        if (control->checkpoint_every > 0 && (step + 1) % control->checkpoint_every == 0 && !epoch_end_follows)
          checkpoint(step + 1, epoch, b + 1, {loss_sum, loss_count});
      }
    }
    // Train loss over the whole epoch, all ranks (sum of per-sample losses / samples).
    std::vector<torch::Tensor> totals{torch::tensor({loss_sum, static_cast<double>(loss_count)}, torch::kFloat64).to(device)};
    group.allreduce_sum(totals);
    auto t = totals[0].to(torch::kCPU);
    const double train_loss = t[0].item<double>() / std::max(1.0, t[1].item<double>());
    out.metrics.push_back({"train", epoch, "loss", train_loss});

    auto dev = evaluate_split(*model, reader, "dev", tc.eval_batch_size, device, group);
    add_metrics(out, "dev", epoch, dev.metrics);
    log("epoch " + std::to_string(epoch + 1) + "/" + std::to_string(epochs) + " step " + std::to_string(step) +
        " train loss " + std::to_string(train_loss) + " | dev " + format_metrics(dev.metrics));
    if (dev.metrics.loss < best_dev_loss) {
      best_dev_loss = dev.metrics.loss;
      out.best_epoch = epoch;
      torch::NoGradGuard no_grad;
      best_state.clear();
      for (auto& p : model->parameters()) best_state.push_back(p.detach().clone());
    }
    progress.best_dev_loss = best_dev_loss;
    progress.best_epoch = out.best_epoch;
    if (checkpoints) checkpoint(step, epoch + 1, 0, {});
  }
  out.steps = step;
  if (wire_steps > 0) log(allreduce_summary(wire_min, wire_max, wire_steps, trainable));

  // The best checkpoint by dev loss is the one evaluated on test.
  if (best_state.empty()) throw std::runtime_error("diverged: no epoch gave a finite dev loss");
  {
    torch::NoGradGuard no_grad;
    auto params = model->parameters();
    for (size_t i = 0; i < params.size(); ++i) params[i].copy_(best_state[i]);
  }
  if (control) export_lora_run(*model, config, control->run_dir, group.rank(), log);  // adapter/, merged/
  auto dev = evaluate_split(*model, reader, "dev", tc.eval_batch_size, device, group);
  auto test = evaluate_split(*model, reader, "test", tc.eval_batch_size, device, group);
  add_metrics(out, "dev", std::nullopt, dev.metrics);
  add_metrics(out, "test", std::nullopt, test.metrics);
  log("best epoch " + std::to_string(out.best_epoch + 1) + " | test " + format_metrics(test.metrics));
  add_test_importance(config, *model, reader, test, device, group, log, out);
  return out;
}

}  // namespace lnc::trainer
