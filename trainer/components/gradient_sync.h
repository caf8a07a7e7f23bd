#pragma once
// Data-parallel gradient averaging, synchronous: after backward the gradients of trainable parameters are packed
// into flat buckets (about bucket_bytes each), all-reduced with one collective per bucket and unpacked. Losses are
// already divided by the GLOBAL batch size, so the sum over ranks is the mean gradient of the global batch.
// The fallback of OverlappedGradientSync ([training] overlap_allreduce = false).
#include "trainer/components/gradient_reducer.h"

namespace lnc::trainer {

class GradientSync : public GradientReducer {
 public:
  GradientSync(std::vector<torch::Tensor> trainable, cluster::ProcessGroup& group,
               std::int64_t bucket_bytes = 25 * 1024 * 1024);
  void allreduce() override;

 private:
  std::vector<torch::Tensor> params_;
  std::vector<std::vector<size_t>> buckets_;  // indices into params_
  cluster::ProcessGroup& group_;
};

}  // namespace lnc::trainer
