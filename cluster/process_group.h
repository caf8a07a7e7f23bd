#pragma once
// A c10d process group over the ranks of one MPI communicator: a TCPStore (server on the communicator's rank 0,
// port 0 = any free port, the address and port sent with MPI_Bcast) and a Gloo (CPU) or NCCL (CUDA) backend.
// The store binds to the address given (loopback by default: single-node runs never listen on all interfaces;
// set LNC_STORE_ADDRESS to the launcher node's interface address for multi-node runs).
#include <mpi.h>

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <vector>

#include "cluster/device_choice.h"

namespace lnc::cluster {

// A collective in flight: wait() blocks until its result is in the tensors it was given (on CUDA: until the
// caller's current stream is ordered after it). Waiting twice is a no-op; an unwaited handle waits on destruction
// so that a tensor is never freed under a running collective.
class PendingCollective {
 public:
  PendingCollective();
  PendingCollective(PendingCollective&&) noexcept;
  PendingCollective& operator=(PendingCollective&&) noexcept;
  ~PendingCollective();
  void wait();
  bool pending() const { return impl_ != nullptr; }

 private:
  friend class ProcessGroup;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class ProcessGroup {
 public:
  ProcessGroup(MPI_Comm comm, const DeviceChoice& device, const std::string& name);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  // In-place sum over all ranks; tensors must be on the group's device and contiguous.
  void allreduce_sum(std::vector<at::Tensor>& tensors);
  // The same, started and returned without waiting (tensors must stay alive and untouched until wait()).
  PendingCollective allreduce_sum_async(std::vector<at::Tensor>& tensors);
  void broadcast(std::vector<at::Tensor>& tensors, int root);
  void barrier();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int rank_ = 0, size_ = 1;
};

}  // namespace lnc::cluster
