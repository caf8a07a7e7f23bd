#include "trainer/bench/training_throughput.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <chrono>

#include "cluster/process_group.h"
#include "trainer/components/autocast_scope.h"
#include "trainer/components/gradient_reducer.h"
#include "trainer/model_builder.h"


namespace lnc::trainer {

namespace {

void synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

}  // namespace

ThroughputResult measure_training_throughput(const ThroughputSetup& setup, cluster::ProcessGroup& group,
                                             const cluster::DeviceChoice& device_choice) {
  torch::Device device(device_choice.device);
  torch::manual_seed(1);
  auto model = build_classifier(setup.model, setup.vocab_size, 0, 2);
  model->to(device);
  model->train();
  ThroughputResult out;
  std::vector<torch::Tensor> trainable;
  for (auto& p : model->parameters()) {
    out.parameters += p.numel();
    if (p.requires_grad()) {
      trainable.push_back(p);
      out.trainable_parameters += p.numel();
    }
  }
  torch::optim::AdamW optimizer(trainable, torch::optim::AdamWOptions(1e-4).weight_decay(0.01));
  auto reducer = make_gradient_reducer(trainable, group, setup.overlap_allreduce);

  torch::manual_seed(100 + group.rank());
  auto ids = torch::randint(5, setup.vocab_size, {setup.batch, setup.length}, torch::kLong).to(device);
  auto mask = torch::ones({setup.batch, setup.length}, torch::kLong).to(device);
  auto labels = torch::randint(0, 2, {setup.batch}, torch::kLong).to(device);
  const double global_batch = static_cast<double>(setup.batch * group.size());

  auto step = [&] {
    optimizer.zero_grad();
    torch::Tensor logits;
    {
      AutocastScope autocast(setup.bf16, device.type());
      logits = model->forward(ids, mask).logits;
    }
    auto loss = torch::nn::functional::cross_entropy(
                    logits.to(torch::kFloat32), labels,
                    torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum)) /
                global_batch;
    loss.backward();
    reducer->allreduce();
    optimizer.step();
    return loss;
  };
  for (std::int64_t i = 0; i < setup.warmup; ++i) step();
  synchronize(device);
  group.barrier();
  const double comm_before = reducer->exposed_comm_seconds();
  const auto start = std::chrono::steady_clock::now();
  torch::Tensor last;
  for (std::int64_t i = 0; i < setup.steps; ++i) last = step();
  synchronize(device);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double comm = reducer->exposed_comm_seconds() - comm_before;

  std::vector<torch::Tensor> totals{torch::tensor({seconds, comm}, torch::kFloat64).to(device)};
  group.allreduce_sum(totals);
  auto t = totals[0].to(torch::kCPU);
  out.seconds = t[0].item<double>() / group.size();
  out.comm_wait_seconds = t[1].item<double>() / group.size();
  out.global_samples = setup.steps * setup.batch * group.size();
  out.global_tokens = out.global_samples * setup.length;
  // This rank's mean loss on its rows (the bench batch is fixed, so a falling loss shows the steps did train).
  out.final_loss = last.defined() ? last.item<double>() * global_batch / static_cast<double>(setup.batch) : 0;
  return out;
}

}  // namespace lnc::trainer
