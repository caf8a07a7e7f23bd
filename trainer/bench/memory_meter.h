#pragma once
// Live and peak bytes of tensor memory on one device, for `lnctrain bench --measure-memory` and the memory plan's
// test (tests/unit/memory_plan_measured_test.cpp). One interface, two sources, chosen in one place (memory_meter()):
//   CPU   a counting allocator installed with c10::SetCPUAllocator while the meter lives: it forwards every
//         allocation to the allocator it replaced and counts the bytes asked for (live, and the peak since the last
//         reset_peak()); atomics, so allocations from intra-op threads count too. Memory that bypasses the c10 CPU
//         allocator (oneDNN scratchpads, the allocator's own slack) is not seen: this is tensor bytes, not RSS.
//   CUDA  the caching allocator's device statistics: allocated bytes (current, peak) of the device, reset with
//         resetPeakStats; reserved_peak_bytes() adds the bytes the cache held (what nvidia-smi sees, minus the CUDA
//         context).
// Only one CPU meter may live at a time (std::logic_error otherwise). No torch in this header.
#include <cstdint>
#include <memory>
#include <string>

namespace lnc::trainer {

class MemoryMeter {
 public:
  virtual ~MemoryMeter() = default;
  virtual std::int64_t live_bytes() const = 0;
  virtual std::int64_t peak_bytes() const = 0;    // highest live_bytes() since construction or reset_peak()
  virtual void reset_peak() = 0;                  // peak := live
  virtual std::int64_t reserved_peak_bytes() const { return peak_bytes(); }
  virtual std::string source() const = 0;         // "counting CPU allocator" | "CUDA caching allocator"
};

// `device`: "cpu" or "cuda[:i]" (cluster::DeviceChoice::device).
std::unique_ptr<MemoryMeter> memory_meter(const std::string& device);

}  // namespace lnc::trainer
