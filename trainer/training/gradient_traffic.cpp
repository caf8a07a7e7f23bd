#include "trainer/training/gradient_traffic.h"

namespace lnc::trainer {

std::string GradientTraffic::summary(const std::vector<at::Tensor>& trainable) const {
  std::int64_t count = 0, bytes = 0;
  for (const auto& p : trainable) {
    count += p.numel();
    bytes += p.numel() * static_cast<std::int64_t>(p.element_size());
  }
  return "gradient all-reduce: " + std::to_string(min_bytes) + ".." + std::to_string(max_bytes) +
         " bytes per step over " + std::to_string(steps) + " steps; trainable parameters: " + std::to_string(count) +
         " (" + std::to_string(bytes) + " bytes)";
}

}  // namespace lnc::trainer
