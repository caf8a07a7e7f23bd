#include "trainer/components/overlapped_gradient_sync.h"

#include <torch/csrc/autograd/function_hook.h>
#include <torch/csrc/autograd/variable.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace lnc::trainer {

namespace {

struct ReadyHook : torch::autograd::PostAccumulateGradHook {
  ReadyHook(OverlappedGradientSync* sync, size_t index) : sync(sync), index(index) {}
  void operator()(const torch::autograd::Variable&) override { sync->gradient_ready(index); }
  OverlappedGradientSync* sync;
  size_t index;
};

}  // namespace

OverlappedGradientSync::OverlappedGradientSync(std::vector<torch::Tensor> trainable, cluster::ProcessGroup& group,
                                               std::int64_t bucket_bytes)
    : params_(std::move(trainable)), bucket_of_(params_.size()), accumulated_(params_.size(), 0), group_(group) {
  std::int64_t current = 0;
  for (size_t k = params_.size(); k-- > 0;) {
    if (!params_[k].requires_grad() || !params_[k].is_leaf())
      throw std::invalid_argument("OverlappedGradientSync: parameter " + std::to_string(k) +
                                  " is not a trainable leaf tensor");
    const std::int64_t bytes = params_[k].numel() * static_cast<std::int64_t>(params_[k].element_size());
    if (buckets_.empty() || current + bytes > bucket_bytes) {
      buckets_.emplace_back();
      current = 0;
    }
    buckets_.back().params.push_back(k);
    bucket_of_[k] = buckets_.size() - 1;
    current += bytes;
    bytes_per_step_ += bytes;
  }
  reset_step();
  for (size_t k = 0; k < params_.size(); ++k)
    torch::autograd::impl::set_post_acc_grad_hooks(params_[k], std::make_unique<ReadyHook>(this, k));
}

OverlappedGradientSync::~OverlappedGradientSync() {
  for (auto& p : params_) torch::autograd::impl::set_post_acc_grad_hooks(p, nullptr);
}

void OverlappedGradientSync::reset_step() {
  for (auto& b : buckets_) {
    b.waiting = static_cast<int>(b.params.size());
    b.launched = false;
    b.flat.clear();
  }
  std::fill(accumulated_.begin(), accumulated_.end(), 0);
  passes_ = 1;
  next_launch_ = 0;
  launched_in_backward_ = 0;
  bytes_last_step_ = step_bytes_;
  step_bytes_ = 0;
}

void OverlappedGradientSync::gradient_ready(size_t index) {
  if (group_.size() == 1) return;  // nothing to exchange; allreduce() only fills missing gradients
  std::lock_guard<std::mutex> lock(mutex_);
  const int count = ++accumulated_[index];
  if (count > passes_) {
    // One accumulation more than announced into a gradient whose bucket may already be on the wire: the sum
    // would miss it.
    if (buckets_[bucket_of_[index]].launched)
      throw std::logic_error("OverlappedGradientSync: a gradient was accumulated more often than the " +
                             std::to_string(passes_) + " backward pass(es) announced for this step");
    return;
  }
  if (count < passes_) return;  // more micro-batches to come
  --buckets_[bucket_of_[index]].waiting;
  launch_ready_in_order();
}

void OverlappedGradientSync::launch_ready_in_order() {
  while (next_launch_ < buckets_.size() && buckets_[next_launch_].waiting == 0) {
    launch(buckets_[next_launch_]);
    ++launched_in_backward_;
    ++next_launch_;
  }
}

void OverlappedGradientSync::launch(Bucket& bucket) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> grads;
  grads.reserve(bucket.params.size());
  for (size_t k : bucket.params) {
    auto& p = params_[k];
    if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
    grads.push_back(p.grad().reshape({-1}));
  }
  bucket.flat = {torch::cat(grads)};
  step_bytes_ += bucket.flat[0].numel() * static_cast<std::int64_t>(bucket.flat[0].element_size());
  bucket.pending = group_.allreduce_sum_async(bucket.flat, "gradient bucket");
  bucket.launched = true;
}

void OverlappedGradientSync::expect_backward_passes(int passes) {
  std::lock_guard<std::mutex> lock(mutex_);
  passes_ = std::max(1, passes);
}

void OverlappedGradientSync::allreduce() {
  torch::NoGradGuard no_grad;
  if (group_.size() == 1) {
    bytes_last_step_ = 0;
    for (auto& p : params_)
      if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  last_launched_in_backward_ = launched_in_backward_;
  // Buckets still short of gradients (unused parameters, or no backward on this rank): launched now, in order.
  for (; next_launch_ < buckets_.size(); ++next_launch_) launch(buckets_[next_launch_]);
  const auto start = std::chrono::steady_clock::now();
  for (auto& b : buckets_) b.pending.wait();
  exposed_comm_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto& b : buckets_) {
    std::int64_t offset = 0;
    for (size_t k : b.params) {
      auto& g = params_[k].mutable_grad();
      const std::int64_t n = g.numel();
      g.copy_(b.flat[0].narrow(0, offset, n).view_as(g));
      offset += n;
    }
  }
  reset_step();
}

}  // namespace lnc::trainer
