#include "trainer/bench/memory_meter.h"

#include <c10/cuda/CUDACachingAllocator.h>
#include <torch/types.h>

#include <stdexcept>

#include "trainer/bench/counting_allocator.h"

namespace lnc::trainer {

namespace {

class CpuMeter final : public MemoryMeter {
 public:
  CpuMeter() {
    CountingCpuAllocator::instance().install();
    reset_peak();
  }
  ~CpuMeter() override { CountingCpuAllocator::instance().uninstall(); }
  std::int64_t live_bytes() const override { return CountingCpuAllocator::instance().live_bytes(); }
  std::int64_t peak_bytes() const override { return CountingCpuAllocator::instance().peak_bytes(); }
  void reset_peak() override { CountingCpuAllocator::instance().reset_peak(); }
  std::string source() const override { return "counting CPU allocator"; }
};

// StatType::AGGREGATE (index 0): all pools, small and large.
class CudaMeter final : public MemoryMeter {
 public:
  explicit CudaMeter(c10::DeviceIndex index) : index_(index) { reset_peak(); }
  std::int64_t live_bytes() const override { return stats().allocated_bytes[0].current; }
  std::int64_t peak_bytes() const override { return stats().allocated_bytes[0].peak; }
  std::int64_t reserved_peak_bytes() const override { return stats().reserved_bytes[0].peak; }
  void reset_peak() override { c10::cuda::CUDACachingAllocator::resetPeakStats(index_); }
  std::string source() const override { return "CUDA caching allocator"; }

 private:
  c10::CachingDeviceAllocator::DeviceStats stats() const {
    return c10::cuda::CUDACachingAllocator::getDeviceStats(index_);
  }
  c10::DeviceIndex index_;
};

}  // namespace

std::unique_ptr<MemoryMeter> memory_meter(const std::string& device) {
  const torch::Device d(device);
  if (d.is_cuda()) return std::make_unique<CudaMeter>(d.has_index() ? d.index() : 0);
  if (d.is_cpu()) return std::make_unique<CpuMeter>();
  throw std::invalid_argument("memory meter: unsupported device '" + device + "'");
}

}  // namespace lnc::trainer
