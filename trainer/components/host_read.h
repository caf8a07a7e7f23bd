#pragma once
// The training step's one deliberate device-to-host read: copies a small float64 tensor to the host and returns
// its values. On CUDA the copy blocks until the device has computed it (a host synchronisation); on CPU it is a
// plain read. It runs inside a profiler scope named "lnc::host_read", so that the op counter of `lnctrain bench`
// (trainer/bench/op_counter.h) counts it as a host synchronisation on any device, as it does `.item()`.
#include <ATen/core/Tensor.h>

#include <vector>

namespace lnc::trainer {

inline constexpr const char* kHostReadScope = "lnc::host_read";

std::vector<double> read_on_host(const at::Tensor& values);

}  // namespace lnc::trainer
