#pragma once
// Writing and reading one checkpoint of a training run (layout: trainer/checkpoint/checkpoint_directory.h).
// Every rank of the group calls both functions at the same step (they contain collectives).
//
// state.pt (rank 0; a LibTorch serialize archive, torch::serialize::OutputArchive: a zip of pickled tensors):
//   model/<name>      every parameter and buffer of the model by its module path, on CPU
//   best/<i>          the i-th parameter (model->parameters() order) of the epoch with the lowest dev loss so far
//                     (absent before the first epoch ended)
//   optimizer/...     the AdamW state (torch::optim::AdamW::save: per-parameter step, exp_avg, exp_avg_sq)
// rank-<r>.pt (every rank; the same archive format):
//   rng               the state of the CPU default generator (dropout masks; CUDA generators are not saved:
//                     a resumed CUDA run with dropout draws different masks)
//   loss_sum, loss_count   this rank's train-loss accumulators of the epoch in progress (float64, int64)
// Files are written to a temporary name and renamed; DONE is written last (after a barrier) by rank 0.
#include <torch/torch.h>

#include <optional>
#include <string>
#include <vector>

#include "trainer/checkpoint/training_progress.h"

namespace lnc::cluster {
class ProcessGroup;
}

namespace lnc::trainer {

struct RankAccumulators {
  double loss_sum = 0;
  std::int64_t loss_count = 0;
};

void save_training_checkpoint(const std::string& checkpoint_dir, cluster::ProcessGroup& group, torch::nn::Module& model,
                              torch::optim::Optimizer& optimizer, const std::vector<torch::Tensor>& best_state,
                              const TrainingProgress& progress, const RankAccumulators& accumulators);

struct LoadedCheckpoint {
  TrainingProgress progress;
  RankAccumulators accumulators;
};

// Loads the newest complete checkpoint into model, optimizer and best_state (and the CPU generator), if there is
// one written by a group of the same size for the same config; otherwise nothing changes. `why_not` explains a
// checkpoint that exists but was not used.
std::optional<LoadedCheckpoint> load_latest_training_checkpoint(const std::string& checkpoint_dir,
                                                                cluster::ProcessGroup& group, torch::nn::Module& model,
                                                                torch::optim::Optimizer& optimizer,
                                                                std::vector<torch::Tensor>& best_state,
                                                                const std::string& config_hash, std::string& why_not);

}  // namespace lnc::trainer
