#include "trainer/training_run.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <thread>

#include "cluster/process_group.h"
#include "data/random/deterministic_rng.h"
#include "data/batching/global_batch_plan.h"
#include "data/io/input_error.h"
#include "data/token_store/token_store.h"
#include "trainer/baseline_run.h"
#include "trainer/components/gradient_sync.h"
#include "trainer/components/lr_schedule.h"
#include "trainer/evaluation.h"
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

}  // namespace

RunOutcome train_and_evaluate(const config::RunConfig& config, cluster::ProcessGroup& group,
                              const cluster::DeviceChoice& device_choice, const RunLogger& log) {
  if (config.model.is_baseline()) return run_baseline(config, group, log);
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
  GradientSync sync(trainable, group);

  data::GlobalBatchPlan plan(reader.num_examples("train"), tc.global_batch_size, static_cast<std::uint64_t>(tc.seed));
  const std::int64_t steps_per_epoch = plan.batches_per_epoch();
  std::int64_t total_steps = steps_per_epoch * tc.epochs;
  if (tc.max_steps > 0) total_steps = std::min(total_steps, tc.max_steps);
  const std::int64_t epochs = (total_steps + steps_per_epoch - 1) / steps_per_epoch;

  RunOutcome out;
  out.allreduce_bytes_per_step = sync.bytes_per_step();
  double best_dev_loss = INFINITY;
  std::vector<torch::Tensor> best_state;
  std::int64_t step = 0;
  model->train();
  for (std::int64_t epoch = 0; epoch < epochs && step < total_steps; ++epoch) {
    auto order = plan.epoch_order(epoch);
    double loss_sum = 0;
    std::int64_t loss_count = 0;
    for (std::int64_t b = 0; b < steps_per_epoch && step < total_steps; ++b, ++step) {
      const auto global_count = static_cast<double>(plan.global_batch(order, b).size());
      auto rows = plan.rank_rows(order, b, group.rank(), group.size());
      optimizer.zero_grad();
      if (!rows.empty()) {
        auto batch = to_device_batch(reader.read_rows("train", rows), device);
        auto logits = model->forward(batch.input_ids, batch.attention_mask).logits;
        // Sum over this rank's rows / global batch size: summed over ranks this is the global batch mean.
        auto loss = torch::nn::functional::cross_entropy(
                        logits.to(torch::kFloat32), batch.labels,
                        torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum)) /
                    global_count;
        loss.backward();
        loss_sum += loss.item<double>() * global_count;
        loss_count += static_cast<std::int64_t>(rows.size());
      }
      sync.allreduce();
      if (oc.max_grad_norm > 0) torch::nn::utils::clip_grad_norm_(trainable, oc.max_grad_norm);
      const double lr = scheduled_lr(oc.lr, step, config.scheduler.warmup_steps, total_steps, config.scheduler.decay);
      for (auto& g : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
      optimizer.step();
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
  }
  out.steps = step;

  // The best checkpoint by dev loss is the one evaluated on test.
  {
    torch::NoGradGuard no_grad;
    auto params = model->parameters();
    for (size_t i = 0; i < params.size(); ++i) params[i].copy_(best_state[i]);
  }
  auto dev = evaluate_split(*model, reader, "dev", tc.eval_batch_size, device, group);
  auto test = evaluate_split(*model, reader, "test", tc.eval_batch_size, device, group);
  add_metrics(out, "dev", std::nullopt, dev.metrics);
  add_metrics(out, "test", std::nullopt, test.metrics);
  log("best epoch " + std::to_string(out.best_epoch + 1) + " | test " + format_metrics(test.metrics));
  return out;
}

}  // namespace lnc::trainer
