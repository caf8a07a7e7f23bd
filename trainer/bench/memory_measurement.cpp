#include "trainer/bench/memory_measurement.h"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "cluster/process_group.h"
#include "config/model_families.h"
#include "trainer/bench/memory_meter.h"
#include "trainer/components/autocast_scope.h"
#include "trainer/components/gradient_reducer.h"
#include "trainer/components/micro_batches.h"
#include "trainer/components/row_forward.h"
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

// The bench's random rows as the token file gives them to training: row-major ids and mask, labels.
data::TokenBatch token_batch(const torch::Tensor& ids, const torch::Tensor& mask, const torch::Tensor& labels) {
  data::TokenBatch rows;
  rows.max_length = ids.size(1);
  for (std::int64_t r = 0; r < ids.size(0); ++r) rows.rows.push_back(r);
  auto flat = [](const torch::Tensor& t) {
    auto c = t.contiguous();
    return std::vector<std::int64_t>(c.data_ptr<std::int64_t>(), c.data_ptr<std::int64_t>() + c.numel());
  };
  rows.input_ids = flat(ids);
  rows.attention_mask = flat(mask);
  rows.labels = flat(labels);
  return rows;
}

}  // namespace

std::string bench_tokenizer(const std::string& family) {
  if (family == config::esm_family().name) return "nt";
  if (family == config::dnabert2_family().name) return "bpe";
  return "kmer";
}

data::LongRowPolicy bench_row_policy(const MemorySetup& setup) {
  auto model = setup.bench.model.architecture;
  model.pad_token_id = 0;  // build_classifier(..., pad_id 0, ...) below
  auto policy = data::long_row_policy(setup.long_rows, model, bench_tokenizer(model.family), 0);
  policy.key = "--long-sequences";
  if (const auto problem = data::long_row_policy_problem(policy); !problem.empty()) throw std::invalid_argument(problem);
  return policy;
}

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

  const auto policy = bench_row_policy(setup);
  const std::int64_t before_batch = meter->live_bytes();
  DeviceBatch batch;
  {
    torch::manual_seed(100 + group.rank());
    const std::int64_t shortest = b.min_length > 0 ? std::min(b.min_length, b.length) : b.length;
    auto lengths = torch::randint(shortest, b.length + 1, {b.batch}, torch::kLong);
    lengths[0] = b.length;
    auto mask = (torch::arange(b.length, torch::kLong).unsqueeze(0) < lengths.unsqueeze(1)).to(torch::kLong);
    auto ids = torch::randint(5, b.vocab_size, {b.batch, b.length}, torch::kLong) * mask;
    auto labels = torch::randint(0, 2, {b.batch}, torch::kLong);
    batch = windowed_device_batch(token_batch(ids, mask, labels), policy, device);
  }  // the host tensors are freed: the batch bytes are the device batch's
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
