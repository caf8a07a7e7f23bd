#include "trainer/bench/memory_measurement.h"

#include <torch/torch.h>

#include <algorithm>

#include "cluster/process_group.h"
#include "config/model_families.h"
#include "trainer/bench/memory_meter.h"
#include "trainer/components/autocast_scope.h"
#include "trainer/components/gradient_reducer.h"
#include "trainer/components/micro_batches.h"
#include "trainer/lora/apply_lora.h"
#include "trainer/model_builder.h"
#include "trainer/training/optimizer_builder.h"

namespace lnc::trainer {

namespace {

PaddingPath padding_path(const std::string& name) {
  if (name == "padded") return PaddingPath::padded;
  if (name == "unpadded") return PaddingPath::unpadded_per_row_attention;
  if (name == "unpadded-repadded") return PaddingPath::unpadded_repadded_attention;
  return PaddingPath::automatic;
}

std::int64_t gradient_bytes(const std::vector<torch::Tensor>& trainable) {
  std::int64_t n = 0;
  for (const auto& p : trainable)
    if (p.grad().defined()) n += p.grad().numel() * static_cast<std::int64_t>(p.grad().element_size());
  return n;
}

}  // namespace

MemoryMeasurement measure_training_memory(const MemorySetup& setup, cluster::ProcessGroup& group,
                                          const cluster::DeviceChoice& device_choice) {
  const auto& b = setup.bench;
  torch::Device device(device_choice.device);
  auto meter = memory_meter(device_choice.device);
  MemoryMeasurement out;
  out.source = meter->source();
  const std::int64_t baseline = meter->live_bytes();

  torch::manual_seed(1);
  auto model = build_classifier(b.model, b.vocab_size, 0, 2);
  if (b.lora) {
    LoraSettings lora;  // the study's NT recipe, as the throughput bench: r 8, alpha 16, dropout 0.05
    lora.enabled = true;
    lora.target_modules = config::family_spec(b.model.architecture.family).lora_target_modules;
    apply_lora(*model, lora);
  }
  model->set_padding_path(padding_path(b.padding_path));
  model->set_activation_checkpointing(setup.activation_checkpointing);
  model->to(device);
  model->train();
  out.parameters = meter->live_bytes() - baseline;

  const auto groups = parameter_groups(model->named_parameters());
  auto optimizer = make_adamw(groups, config::OptimizerConfig{});
  auto reducer = make_gradient_reducer(groups.trainable, group, /*overlap=*/true);

  const std::int64_t before_batch = meter->live_bytes();
  torch::manual_seed(100 + group.rank());
  const std::int64_t shortest = b.min_length > 0 ? std::min(b.min_length, b.length) : b.length;
  auto lengths = torch::randint(shortest, b.length + 1, {b.batch}, torch::kLong);
  lengths[0] = b.length;
  auto mask = (torch::arange(b.length, torch::kLong).unsqueeze(0) < lengths.unsqueeze(1)).to(torch::kLong);
  auto ids = (torch::randint(5, b.vocab_size, {b.batch, b.length}, torch::kLong) * mask).to(device);
  mask = mask.to(device);
  auto labels = torch::randint(0, 2, {b.batch}, torch::kLong).to(device);
  // With its host row lengths, as the loader's batches (DeviceBatch::row_lengths): the training path's forward.
  DeviceBatch batch = device_batch(ids, mask, labels);
  batch.row_lengths.assign(lengths.data_ptr<std::int64_t>(), lengths.data_ptr<std::int64_t>() + b.batch);
  lengths = torch::Tensor();
  out.batch = meter->live_bytes() - before_batch;
  const double global_rows = static_cast<double>(b.batch * group.size());
  const auto passes = micro_batch_count(b.batch, setup.micro_batch);

  // train_step's sequence; returns the peak of forward + backward (live bytes).
  auto forward_backward = [&] {
    meter->reset_peak();
    {
      AutocastScope autocast(b.bf16, device.type());
      reducer->expect_backward_passes(static_cast<int>(passes));
      backward_in_micro_batches(*model, batch, setup.micro_batch, global_rows);
    }
    return meter->peak_bytes();
  };
  auto finish_step = [&] {
    torch::nn::utils::clip_grad_norm_(groups.trainable, config::OptimizerConfig{}.max_grad_norm);
    optimizer->step();
  };

  optimizer->zero_grad();
  std::int64_t peak = forward_backward();
  reducer->allreduce();
  out.gradients = gradient_bytes(groups.trainable);
  const std::int64_t before_step = meter->live_bytes();
  finish_step();
  peak = std::max(peak, meter->peak_bytes());
  out.optimizer_state = meter->live_bytes() - before_step;
  out.after_first_step = meter->live_bytes() - baseline;

  optimizer->zero_grad();
  const std::int64_t start = meter->live_bytes();
  const std::int64_t backward_peak = forward_backward();
  out.activations = backward_peak - start;
  reducer->allreduce();
  finish_step();
  peak = std::max({peak, backward_peak, meter->peak_bytes()});
  out.peak = peak - baseline;
  out.reserved_peak = device.is_cuda() ? meter->reserved_peak_bytes() : out.peak;
  return out;
}

}  // namespace lnc::trainer
