#pragma once
// The memory plan's fixed overhead per rank (launcher/plan/memory_plan.h): device memory a training process holds
// beside the tensors the plan counts. NOT MEASURED in this repository (no GPU was lent to the sessions that wrote
// it): each part is the figure of the sources named beside it, rounded up, for PyTorch 2.11 / CUDA 13 on a Hopper
// (sm90) device. On a device, `lnctrain bench --measure-memory --device cuda` prints the caching allocator's
// reserved peak; nvidia-smi's process memory minus that is the context, and reserved minus allocated is the slack.
#include <cstdint>

namespace lnc::launcher::fixed_overhead {

constexpr std::int64_t kMiB = std::int64_t(1) << 20;

// The CUDA context: the driver's state and the loaded kernel images, outside the caching allocator (PyTorch's
// torch.cuda.memory_allocated note: "some context needs to be created on GPU"). With lazy module loading (CUDA's
// default on Linux since 12.2, CUDA C++ Programming Guide, "Lazy Loading"; PyTorch sets it since 1.13, PR #86509):
// 287,047,680 B lazy against 666,632,192 B eager in PR #86509 (CUDA 11.7); "~300MB" (pytorch/pytorch#107667) and
// "around 400MB" (pytorch/pytorch#109888) from PyTorch's maintainers; 426 MiB for PyTorch 2.10 + CUDA 13.0 on an
// RTX 6000 Ada (unslothai/unsloth-zoo PR #1053, nvidia-smi). 512 MiB: above the largest, the closest stack to ours.
constexpr std::int64_t kCudaContext = 512 * kMiB;

// cuBLAS workspaces: PyTorch gives each (cuBLAS handle, stream) pair one workspace from the caching allocator
// (aten/src/ATen/cuda/CublasHandlePool.cpp, getNewWorkspace), 4096 KiB x 8 = 32 MiB by default on sm90 (the size
// the cuBLAS API reference recommends for Hopper, cublasSetWorkspace; PyTorch PR #120925), shared with cuBLASLt
// (TORCH_CUBLASLT_UNIFIED_WORKSPACE, on by default); CUBLAS_WORKSPACE_CONFIG=:SIZE:COUNT overrides it. Handles
// are per thread: the forward's thread and autograd's device thread for backward make two. They are inside the
// caching allocator's count on a device, but not in the CPU measurement the plan's formulas are held to.
constexpr std::int64_t kCublasWorkspaces = 2 * 32 * kMiB;

// The caching allocator's slack (reserved but not allocated: block rounding and fragmentation, PyTorch's CUDA
// semantics notes, "Memory management") and NCCL's communicator buffers on several ranks. No documented figure
// was found for either; this is the remainder that keeps the overhead at the 1 GiB the plan has used since issue 4.
constexpr std::int64_t kAllocatorSlack = 448 * kMiB;

constexpr std::int64_t kTotal = kCudaContext + kCublasWorkspaces + kAllocatorSlack;
static_assert(kTotal == std::int64_t(1) << 30, "the parts add up to the documented 1 GiB");

}  // namespace lnc::launcher::fixed_overhead
