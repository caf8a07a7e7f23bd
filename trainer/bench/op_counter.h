#pragma once
// Counts, while alive, the ATen operators run in the process and the host synchronisations among them, through
// LibTorch's profiler instrumentation (a global at::RecordFunction callback, what torch.profiler observes).
//   aten ops     every record named "aten::*", nested ones included (aten::linear and the aten::addmm it calls
//                count twice), as torch.profiler's event list counts them (tests/reference/pytorch_throughput.py)
//   host syncs   a record named aten::item, aten::_local_scalar_dense, aten::is_nonzero, aten::equal,
//                aten::nonzero, aten::masked_select, aten::_unique2 or lnc::host_read (trainer/components/
//                host_read.h) that no other aten op encloses: a value the calling code reads back from the device.
//                A read inside an op is the op's own business on CPU and not a device read on CUDA (the CPU
//                kernel of _fused_adamw_ reads its step counts with item(); the CUDA kernel reads them on the
//                device), so it is not counted; aten::item and the _local_scalar_dense inside it count once.
// On CPU nothing is actually synchronised; the counts are what the same code asks of a GPU, which is why they
// hold the GPU path to account on a CPU-only machine. One counter at a time (the callback is global).
#include <cstdint>

namespace lnc::trainer {

struct OpCounts {
  std::int64_t aten_ops = 0, host_syncs = 0;
};

class OpCounter {
 public:
  OpCounter();
  ~OpCounter();
  OpCounter(const OpCounter&) = delete;
  OpCounter& operator=(const OpCounter&) = delete;
  OpCounts counts() const;

 private:
  std::uint64_t handle_ = 0;
};

}  // namespace lnc::trainer
