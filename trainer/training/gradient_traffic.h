#pragma once
// The gradient bytes a run's steps handed to collectives, for the log line after training:
// "gradient all-reduce: MIN..MAX bytes per step over N steps; trainable parameters: P (B bytes)" (the LoRA
// integration test reads it: with LoRA only the adapters and the head are exchanged; on a single rank it reads
// 0..0 bytes).
#include <ATen/core/Tensor.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace lnc::trainer {

struct GradientTraffic {
  std::int64_t min_bytes = std::numeric_limits<std::int64_t>::max(), max_bytes = 0, steps = 0;
  void add(std::int64_t bytes) {
    min_bytes = std::min(min_bytes, bytes);
    max_bytes = std::max(max_bytes, bytes);
    ++steps;
  }
  std::string summary(const std::vector<at::Tensor>& trainable) const;
};

}  // namespace lnc::trainer
