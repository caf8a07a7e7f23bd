#include "trainer/bench/training_throughput.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <chrono>

#include "cluster/process_group.h"
#include "trainer/components/autocast_scope.h"
#include "trainer/components/gradient_reducer.h"
#include "trainer/bench/op_counter.h"
#include "trainer/lora/apply_lora.h"
#include "trainer/model_builder.h"
#include "config/model_families.h"
#include "trainer/training/optimizer_builder.h"
#include "trainer/training/train_step.h"

namespace lnc::trainer {

namespace {

void synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

PaddingPath padding_path(const std::string& name) {
  if (name == "auto") return PaddingPath::automatic;
  if (name == "padded") return PaddingPath::padded;
  if (name == "unpadded") return PaddingPath::unpadded_per_row_attention;
  if (name == "unpadded-repadded") return PaddingPath::unpadded_repadded_attention;
  throw std::invalid_argument("unknown padding path '" + name + "' (auto, padded, unpadded, unpadded-repadded)");
}

}  // namespace

ThroughputResult measure_training_throughput(const ThroughputSetup& setup, cluster::ProcessGroup& group,
                                             const cluster::DeviceChoice& device_choice) {
  torch::Device device(device_choice.device);
  torch::manual_seed(1);
  auto model = build_classifier(setup.model, setup.vocab_size, 0, 2);
  if (setup.lora) {
    LoraSettings lora;  // the study's NT recipe: r 8, alpha 16, dropout 0.05, the family's default targets
    lora.enabled = true;
    lora.target_modules = config::family_spec(setup.model.architecture.family).lora_target_modules;
    apply_lora(*model, lora);
  }
  model->set_padding_path(padding_path(setup.padding_path));  // a no-op where the family has no unpadded path
  model->to(device);
  model->train();
  ThroughputResult out;
  std::int64_t non_embedding = 0;
  for (auto& item : model->named_parameters())
    if (item.key().find("embeddings.") == std::string::npos) non_embedding += item.value().numel();
  for (auto& p : model->parameters()) {
    out.parameters += p.numel();
    if (p.requires_grad()) out.trainable_parameters += p.numel();
  }
  // The training run's own step (trainer/training/train_step.h) with its optimizer: fused AdamW over the
  // decay/no-decay groups, lr 1e-4, weight decay 0.01, gradient clipping at 1.0, a constant lr.
  config::RunConfig run;
  run.training.precision = setup.bf16 ? "bf16" : "fp32";
  run.training.micro_batch_size = 0;
  run.optimizer.lr = 1e-4;
  run.optimizer.weight_decay = 0.01;
  run.optimizer.max_grad_norm = 1.0;
  run.scheduler.warmup_steps = 0;
  run.scheduler.decay = "constant";
  const auto groups = parameter_groups(model->named_parameters());
  auto optimizer = make_adamw(groups, run.optimizer);
  auto reducer = make_gradient_reducer(groups.trainable, group, setup.overlap_allreduce);
  const std::int64_t counted_steps = 2;  // untimed, after the timed ones, under the op counter
  const TrainingStep context{*model, *optimizer, *reducer, groups.trainable, group, device, run,
                             setup.warmup + setup.steps + counted_steps};

  torch::manual_seed(100 + group.rank());
  auto ids = torch::randint(5, setup.vocab_size, {setup.batch, setup.length}, torch::kLong).to(device);
  const std::int64_t shortest = setup.min_length > 0 ? std::min(setup.min_length, setup.length) : setup.length;
  auto lengths = torch::randint(shortest, setup.length + 1, {setup.batch}, torch::kLong);
  lengths[0] = setup.length;  // the batch is padded to exactly `length`
  auto mask = (torch::arange(setup.length, torch::kLong).unsqueeze(0) < lengths.unsqueeze(1)).to(torch::kLong);
  const std::int64_t real_tokens = lengths.sum().item<std::int64_t>();
  const auto& arch = model->config();
  const double forward_flops = 2.0 * static_cast<double>(non_embedding) * static_cast<double>(real_tokens) +
                               4.0 * arch.num_layers * arch.hidden_size * lengths.pow(2).sum().item<double>();
  ids = ids * mask.to(device);  // padding id 0
  mask = mask.to(device);
  auto labels = torch::randint(0, 2, {setup.batch}, torch::kLong).to(device);
  const double global_batch = static_cast<double>(setup.batch * group.size());
  DeviceBatch batch{ids, mask, labels};
  // The host lengths travel with the batch as the loader's do (DeviceBatch::row_lengths), so the step is the
  // training run's: no device read of the mask.
  batch.row_lengths.assign(lengths.data_ptr<std::int64_t>(), lengths.data_ptr<std::int64_t>() + setup.batch);

  std::int64_t step_index = 0;
  auto step = [&] { return train_step(context, &batch, global_batch, step_index++, false).rank_loss; };
  for (std::int64_t i = 0; i < setup.warmup; ++i) step();
  synchronize(device);
  group.barrier();
  const double comm_before = reducer->exposed_comm_seconds();
  const auto start = std::chrono::steady_clock::now();
  double last = 0;
  for (std::int64_t i = 0; i < setup.steps; ++i) last = step();
  synchronize(device);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double comm = reducer->exposed_comm_seconds() - comm_before;
  {
    OpCounter counter;  // steady-state steps, outside the timing (the callback costs time per op)
    for (std::int64_t i = 0; i < counted_steps; ++i) step();
    synchronize(device);
    const auto counts = counter.counts();
    out.aten_ops_per_step = static_cast<double>(counts.aten_ops) / counted_steps;
    out.host_syncs_per_step = static_cast<double>(counts.host_syncs) / counted_steps;
  }

  std::vector<torch::Tensor> totals{torch::tensor({seconds, comm}, torch::kFloat64).to(device)};
  group.allreduce_sum(totals);
  auto t = totals[0].to(torch::kCPU);
  out.seconds = t[0].item<double>() / group.size();
  out.comm_wait_seconds = t[1].item<double>() / group.size();
  out.global_samples = setup.steps * setup.batch * group.size();
  std::vector<torch::Tensor> work{
      torch::tensor({static_cast<double>(real_tokens), forward_flops * (setup.lora ? 2.0 : 3.0)}, torch::kFloat64)
          .to(device)};
  group.allreduce_sum(work);
  auto w = work[0].to(torch::kCPU);
  out.global_tokens = setup.steps * static_cast<std::int64_t>(w[0].item<double>());
  out.model_flops = static_cast<double>(setup.steps) * w[1].item<double>();
  // This rank's mean loss on its rows (the bench batch is fixed, so a falling loss shows the steps did train).
  out.final_loss = last * global_batch / static_cast<double>(setup.batch);
  return out;
}

}  // namespace lnc::trainer
