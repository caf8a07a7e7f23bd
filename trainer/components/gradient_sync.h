#pragma once
// Data-parallel gradient averaging: the gradients of trainable parameters are packed into flat buckets
// (about bucket_bytes each), all-reduced with one collective per bucket and unpacked. Losses are already
// divided by the GLOBAL batch size, so the sum over ranks is the mean gradient of the global batch.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "cluster/process_group.h"

namespace lnc::trainer {

class GradientSync {
 public:
  GradientSync(std::vector<torch::Tensor> trainable, cluster::ProcessGroup& group,
               std::int64_t bucket_bytes = 25 * 1024 * 1024);
  // Sums gradients over the group (missing gradients count as zeros).
  void allreduce();
  std::int64_t bytes_per_step() const { return bytes_per_step_; }

 private:
  std::vector<torch::Tensor> params_;
  std::vector<std::vector<size_t>> buckets_;  // indices into params_
  cluster::ProcessGroup& group_;
  std::int64_t bytes_per_step_ = 0;
};

}  // namespace lnc::trainer
