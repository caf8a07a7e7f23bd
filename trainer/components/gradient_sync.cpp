#include "trainer/components/gradient_sync.h"

#include <chrono>

#include "trainer/components/overlapped_gradient_sync.h"

namespace lnc::trainer {

GradientSync::GradientSync(std::vector<torch::Tensor> trainable, cluster::ProcessGroup& group,
                           std::int64_t bucket_bytes)
    : params_(std::move(trainable)), group_(group) {
  std::int64_t current = 0;
  for (size_t i = 0; i < params_.size(); ++i) {
    const std::int64_t bytes = params_[i].numel() * static_cast<std::int64_t>(params_[i].element_size());
    if (buckets_.empty() || current + bytes > bucket_bytes) {
      buckets_.emplace_back();
      current = 0;
    }
    buckets_.back().push_back(i);
    current += bytes;
    bytes_per_step_ += bytes;
  }
}

void GradientSync::allreduce() {
  torch::NoGradGuard no_grad;
  bytes_last_step_ = 0;
  for (auto& p : params_)
    if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
  if (group_.size() == 1) return;
  for (const auto& bucket : buckets_) {
    std::vector<torch::Tensor> grads;
    for (size_t i : bucket) grads.push_back(params_[i].grad().reshape({-1}));
    std::vector<torch::Tensor> flat{torch::cat(grads)};
    bytes_last_step_ += flat[0].numel() * static_cast<std::int64_t>(flat[0].element_size());
    const auto start = std::chrono::steady_clock::now();
    group_.allreduce_sum(flat, "gradient bucket");
    exposed_comm_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::int64_t offset = 0;
    for (size_t i : bucket) {
      auto& g = params_[i].mutable_grad();
      const std::int64_t n = g.numel();
      g.copy_(flat[0].narrow(0, offset, n).view_as(g));
      offset += n;
    }
  }
}

std::unique_ptr<GradientReducer> make_gradient_reducer(std::vector<torch::Tensor> trainable,
                                                       cluster::ProcessGroup& group, bool overlap,
                                                       std::int64_t bucket_bytes) {
  if (overlap) return std::make_unique<OverlappedGradientSync>(std::move(trainable), group, bucket_bytes);
  return std::make_unique<GradientSync>(std::move(trainable), group, bucket_bytes);
}

}  // namespace lnc::trainer
