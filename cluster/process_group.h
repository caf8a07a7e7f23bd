#pragma once
// A c10d process group over the ranks of one MPI communicator: a TCPStore (server on the communicator's rank 0,
// port 0 = any free port, the address and port sent with MPI_Bcast) and a Gloo (CPU) or NCCL (CUDA) backend.
// The store binds to the address given (loopback by default: single-node runs never listen on all interfaces;
// set LNC_STORE_ADDRESS to the launcher node's interface address for multi-node runs).
// Bounded collectives: a group of 2 or more ranks runs a collective watchdog (cluster/collective_watchdog.h) over
// every collective issued here, with its heartbeats under "<name>/watchdog/" in the group's store; Gloo's and
// NCCL's own timeouts are collective_timeout_s + 60 s (the backstop), and NCCL runs with
// TORCH_NCCL_ASYNC_ERROR_HANDLING=1 (unless the environment sets it) so that a timed-out NCCL collective tears the
// process down instead of hanging it. Each collective takes a short name for the watchdog's report.
#include <mpi.h>

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cluster/device_choice.h"

namespace lnc::cluster {

struct CollectiveHang;
class CollectiveWatchdog;

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
  ProcessGroup(MPI_Comm comm, const DeviceChoice& device, const std::string& name,
               double collective_timeout_s = 900);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  // In-place sum over all ranks; tensors must be on the group's device and contiguous.
  void allreduce_sum(std::vector<at::Tensor>& tensors, const char* what = "all-reduce");
  // The same, started and returned without waiting (tensors must stay alive and untouched until wait()).
  PendingCollective allreduce_sum_async(std::vector<at::Tensor>& tensors, const char* what = "all-reduce");
  void broadcast(std::vector<at::Tensor>& tensors, int root, const char* what = "broadcast");
  void barrier(const char* what = "barrier");

  // The watchdog (no-ops on a group of one): the step in progress for its report, the timeout of the point now
  // running, and what to do at a hang (called once, on the watchdog's thread; default: a line on stderr).
  void watch_step(std::int64_t step);
  void set_collective_timeout(double seconds);
  void on_collective_hang(std::function<void(const CollectiveHang&)> handler);
  const std::vector<int>& world_ranks() const { return world_ranks_; }  // by group rank
  // A collective issued on this group's ranks by other means (an MPI call on the group's communicator), watched
  // like the others: call on every rank around it, in the same order everywhere.
  std::int64_t watch_begin(const char* what);
  void watch_end(std::int64_t token);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<CollectiveWatchdog> watchdog_;
  std::vector<int> world_ranks_;
  int rank_ = 0, size_ = 1;
};

}  // namespace lnc::cluster
