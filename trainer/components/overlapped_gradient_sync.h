#pragma once
// Data-parallel gradient sum overlapped with backward. Buckets (about bucket_bytes) are cut over the trainable
// parameters in REVERSE order, the order backward produces their gradients. A post-accumulate-grad hook on every
// trainable parameter counts the bucket's gradients; when a bucket is complete it is flattened and its all-reduce
// launched asynchronously while backward goes on. allreduce() (before the optimizer step) launches what is left
// (buckets with parameters that got no gradient, zeros for those), waits for all and copies the sums back.
//
// Collectives must be issued in the same order on every rank: bucket b is launched only after buckets 0..b-1,
// whatever order the hooks fire in, so ranks whose backward differs (or is skipped: an empty share of a batch)
// still match. The result equals GradientSync's (same sums; bucket boundaries do not change a sum).
// With gradient accumulation (expect_backward_passes(n)), a parameter counts as ready at its n-th accumulation, so
// buckets go on the wire during the last micro-batch's backward only, holding the sum of all n.
#include <mutex>

#include "trainer/components/gradient_reducer.h"

namespace lnc::trainer {

class OverlappedGradientSync : public GradientReducer {
 public:
  OverlappedGradientSync(std::vector<torch::Tensor> trainable, cluster::ProcessGroup& group,
                         std::int64_t bucket_bytes = 25 * 1024 * 1024);
  ~OverlappedGradientSync() override;  // removes the hooks (they point at this object)
  OverlappedGradientSync(const OverlappedGradientSync&) = delete;
  OverlappedGradientSync& operator=(const OverlappedGradientSync&) = delete;

  void allreduce() override;
  void expect_backward_passes(int passes) override;
  // Buckets launched during backward in the last step (before allreduce() was called): the overlapped ones.
  int buckets_launched_in_backward() const { return last_launched_in_backward_; }
  int bucket_count() const { return static_cast<int>(buckets_.size()); }

  // Called by the hook of parameter `index` once its gradient is accumulated.
  void gradient_ready(size_t index);

 private:
  struct Bucket {
    std::vector<size_t> params;  // indices into params_, in reverse parameter order
    int waiting = 0;             // gradients not yet accumulated this step
    bool launched = false;
    std::vector<torch::Tensor> flat;  // the buffer in flight
    cluster::PendingCollective pending;
  };
  void launch_ready_in_order();  // caller holds mutex_
  void launch(Bucket& bucket);
  void reset_step();

  std::vector<torch::Tensor> params_;
  std::vector<size_t> bucket_of_;
  std::vector<int> accumulated_;  // accumulations of each parameter's gradient this step
  int passes_ = 1;                 // accumulations that make a gradient ready
  std::vector<Bucket> buckets_;
  size_t next_launch_ = 0;
  int launched_in_backward_ = 0, last_launched_in_backward_ = 0;
  std::int64_t step_bytes_ = 0;
  cluster::ProcessGroup& group_;
  std::mutex mutex_;  // hooks may run on autograd's device threads
};

}  // namespace lnc::trainer
