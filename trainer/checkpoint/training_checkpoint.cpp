#include "trainer/checkpoint/training_checkpoint.h"

#include <ATen/CPUGeneratorImpl.h>

#include "cluster/process_group.h"
#include "base/atomic_file.h"
#include "base/input_error.h"
#include "base/remove_tree.h"
#include "trainer/checkpoint/checkpoint_directory.h"

namespace lnc::trainer {
namespace {

void save_archive(torch::serialize::OutputArchive& archive, const std::string& path) {
  AtomicFile file(path);
  archive.save_to(file.temp_path());
  file.commit();
}

torch::Tensor cpu_generator_state() {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  return gen.get_state();
}

void set_cpu_generator_state(const torch::Tensor& state) {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(state);
}

// Rank 0 decides which checkpoint to use; every rank learns the step (-1 = none).
std::int64_t agreed_step(const std::string& checkpoint_dir, cluster::ProcessGroup& group, const torch::Device& device) {
  std::int64_t step = -1;
  if (group.rank() == 0) {
    if (auto newest = newest_complete_checkpoint(checkpoint_dir)) step = *newest;
  }
  std::vector<at::Tensor> t{torch::tensor({step}, torch::kInt64).to(device)};  // the group's device (NCCL: CUDA)
  group.broadcast(t, 0, "checkpoint step broadcast");
  return t[0].to(torch::kCPU).item<std::int64_t>();
}

}  // namespace

void save_training_checkpoint(const std::string& checkpoint_dir, cluster::ProcessGroup& group, torch::nn::Module& model,
                              torch::optim::Optimizer& optimizer, const std::vector<torch::Tensor>& best_state,
                              const TrainingProgress& progress, const RankAccumulators& accumulators) {
  const std::string dir = checkpoint_step_dir(checkpoint_dir, progress.step);
  if (group.rank() == 0) {
    remove_tree(dir);  // a leftover incomplete write of this step
    make_directories(dir);
  }
  group.barrier("checkpoint barrier");
  if (group.rank() == 0) {
    torch::NoGradGuard no_grad;
    torch::serialize::OutputArchive state;
    for (const auto& p : model.named_parameters()) state.write("model/" + p.key(), p.value().detach().to(torch::kCPU));
    for (const auto& b : model.named_buffers()) state.write("model/" + b.key(), b.value().to(torch::kCPU), true);
    for (size_t i = 0; i < best_state.size(); ++i) state.write("best/" + std::to_string(i), best_state[i].to(torch::kCPU));
    torch::serialize::OutputArchive opt;
    optimizer.save(opt);
    state.write("optimizer", opt);
    save_archive(state, dir + "/state.pt");
    write_file_atomic(dir + "/progress.json", progress_to_json(progress));
  }
  torch::serialize::OutputArchive mine;
  mine.write("rng", cpu_generator_state());
  mine.write("loss_sum", torch::tensor({accumulators.loss_sum}, torch::kFloat64));
  mine.write("loss_count", torch::tensor({accumulators.loss_count}, torch::kInt64));
  save_archive(mine, checkpoint_rank_file(dir, group.rank()));
  group.barrier("checkpoint barrier");  // every rank's file is in place
  if (group.rank() == 0) {
    write_file_atomic(dir + "/DONE", "step " + std::to_string(progress.step) + "\n");
    prune_checkpoints(checkpoint_dir);
  }
  group.barrier("checkpoint barrier");
}

std::optional<LoadedCheckpoint> load_latest_training_checkpoint(const std::string& checkpoint_dir,
                                                                cluster::ProcessGroup& group, torch::nn::Module& model,
                                                                torch::optim::Optimizer& optimizer,
                                                                std::vector<torch::Tensor>& best_state,
                                                                const std::string& config_hash, std::string& why_not) {
  torch::Device device = model.parameters().empty() ? torch::Device(torch::kCPU) : model.parameters().front().device();
  const std::int64_t step = agreed_step(checkpoint_dir, group, device);
  if (step < 0) return std::nullopt;
  const std::string dir = checkpoint_step_dir(checkpoint_dir, step);
  LoadedCheckpoint out;
  out.progress = progress_from_json(read_file(dir + "/progress.json"), dir + "/progress.json");
  // Every rank reads the same progress.json, so these decisions agree across the group.
  if (out.progress.config_hash != config_hash) {
    why_not = "checkpoint " + dir + " belongs to another config";
    return std::nullopt;
  }
  if (out.progress.group_size != group.size()) {
    why_not = "checkpoint " + dir + " was written by " + std::to_string(out.progress.group_size) +
              " rank(s), this group has " + std::to_string(group.size()) + ": starting from step 0";
    return std::nullopt;
  }
  {
    torch::NoGradGuard no_grad;
    torch::serialize::InputArchive state;
    state.load_from(dir + "/state.pt", device);
    for (auto& p : model.named_parameters()) {
      torch::Tensor t;
      state.read("model/" + p.key(), t);
      p.value().copy_(t);
    }
    for (auto& b : model.named_buffers()) {
      torch::Tensor t;
      state.read("model/" + b.key(), t, true);
      b.value().copy_(t);
    }
    best_state.clear();
    if (out.progress.best_epoch >= 0) {
      const size_t n = model.parameters().size();
      for (size_t i = 0; i < n; ++i) {
        torch::Tensor t;
        state.read("best/" + std::to_string(i), t);
        best_state.push_back(t.to(device));
      }
    }
    torch::serialize::InputArchive opt;
    state.read("optimizer", opt);
    optimizer.load(opt);
  }
  torch::serialize::InputArchive mine;
  mine.load_from(checkpoint_rank_file(dir, group.rank()));
  torch::Tensor rng, loss_sum, loss_count;
  mine.read("rng", rng);
  mine.read("loss_sum", loss_sum);
  mine.read("loss_count", loss_count);
  set_cpu_generator_state(rng);
  out.accumulators.loss_sum = loss_sum.item<double>();
  out.accumulators.loss_count = loss_count.item<std::int64_t>();
  return out;
}

}  // namespace lnc::trainer
