#pragma once
// The data-parallel gradient sum a training step waits for between backward and the optimizer step, in two
// implementations: GradientSync (synchronous, after backward) and OverlappedGradientSync (buckets launched from
// gradient hooks during backward). Both leave every trainable parameter with the same summed gradient.
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "cluster/process_group.h"

namespace lnc::trainer {

class GradientReducer {
 public:
  virtual ~GradientReducer() = default;
  // After backward, before clipping and the optimizer step: sums the gradients over the group (missing
  // gradients count as zeros) and returns when every trainable parameter holds the sum.
  virtual void allreduce() = 0;
  // Before the step's first backward: how many backward passes (micro-batches) accumulate into the gradients
  // this step, so that a reducer that overlaps launches a bucket only after the last of them (as DDP's no_sync()
  // around the others). Reset to 1 by allreduce().
  virtual void expect_backward_passes(int passes) { (void)passes; }
  // Bytes all-reduced per step (== the trainable parameters' bytes; 0 on a single rank is NOT special-cased).
  std::int64_t bytes_per_step() const { return bytes_per_step_; }
  // Bytes handed to collectives in the last step (0 on a single rank: nothing to exchange).
  std::int64_t bytes_last_step() const { return bytes_last_step_; }
  // Wall time this rank spent blocked on collectives inside allreduce(), summed over steps: the communication
  // that computation did not hide.
  double exposed_comm_seconds() const { return exposed_comm_seconds_; }

 protected:
  std::int64_t bytes_per_step_ = 0, bytes_last_step_ = 0;
  double exposed_comm_seconds_ = 0;
};

// Buckets of about bucket_bytes over `trainable` (only parameters that require grad belong here).
std::unique_ptr<GradientReducer> make_gradient_reducer(std::vector<torch::Tensor> trainable,
                                                       cluster::ProcessGroup& group, bool overlap,
                                                       std::int64_t bucket_bytes = 25 * 1024 * 1024);

}  // namespace lnc::trainer
