#pragma once
// The CPU side of trainer/bench/memory_meter.h (its only user: the meter is the interface bench and the tests read,
// this is what it installs on CPU; not a second meter): a c10::Allocator that forwards to the one it wraps and
// counts the bytes of every live allocation. Its DataPtrs stay "simple" (data == context, one raw deleter), as c10's
// raw_allocate() requires of the CPU allocator: the size and the wrapped allocator's raw deleter of each live
// pointer sit in a table, and the deleter subtracts the size and frees through the wrapped deleter. So tensors
// allocated while it was installed may be freed after it was removed; the allocator itself is never destroyed (a
// process-wide singleton) for the same reason. The wrapped allocator must give simple DataPtrs too (c10's default
// CPU allocator does; std::logic_error otherwise).
#include <c10/core/Allocator.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace lnc::trainer {

class CountingCpuAllocator final : public c10::Allocator {
 public:
  static CountingCpuAllocator& instance();
  // Installs it as the CPU allocator (wrapping the current one); uninstall() puts the wrapped one back.
  void install();
  void uninstall();
  bool installed() const { return wrapped_ != nullptr; }

  c10::DataPtr allocate(size_t n) override;
  void copy_data(void* dest, const void* src, std::size_t count) const override { default_copy_data(dest, src, count); }
  c10::DeleterFnPtr raw_deleter() const override { return &CountingCpuAllocator::release; }

  std::int64_t live_bytes() const { return live_.load(); }
  std::int64_t peak_bytes() const { return peak_.load(); }
  void reset_peak() { peak_.store(live_.load()); }

 private:
  CountingCpuAllocator() = default;
  struct Live {
    std::int64_t bytes;
    c10::DeleterFnPtr free;
  };
  static void release(void* ptr);
  void add(std::int64_t n);

  c10::Allocator* wrapped_ = nullptr;
  std::mutex mutex_;
  std::unordered_map<void*, Live> live_pointers_;
  std::atomic<std::int64_t> live_{0}, peak_{0};
};

}  // namespace lnc::trainer
