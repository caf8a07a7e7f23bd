#include "trainer/bench/counting_allocator.h"

#include <c10/core/CPUAllocator.h>

#include <stdexcept>

namespace lnc::trainer {

namespace {
// Above every priority c10 and its backends register (0 default, 1 for mobile/mimalloc-style replacements), so
// the install wins and the uninstall (same priority) restores.
constexpr std::uint8_t kPriority = 255;
}  // namespace

CountingCpuAllocator& CountingCpuAllocator::instance() {
  static auto* allocator = new CountingCpuAllocator();  // never destroyed: live DataPtrs point back at it
  return *allocator;
}

void CountingCpuAllocator::install() {
  if (wrapped_) throw std::logic_error("counting CPU allocator is already installed");
  wrapped_ = c10::GetCPUAllocator();
  c10::SetCPUAllocator(this, kPriority);
}

void CountingCpuAllocator::uninstall() {
  if (!wrapped_) return;
  c10::SetCPUAllocator(wrapped_, kPriority);
  wrapped_ = nullptr;
}

void CountingCpuAllocator::add(std::int64_t n) {
  const std::int64_t now = live_.fetch_add(n) + n;
  std::int64_t peak = peak_.load();
  while (now > peak && !peak_.compare_exchange_weak(peak, now)) {
  }
}

c10::DataPtr CountingCpuAllocator::allocate(size_t n) {
  c10::Allocator* inner = wrapped_ ? wrapped_ : c10::GetDefaultCPUAllocator();
  auto data = inner->allocate(n);
  void* ptr = data.get();
  if (!ptr) return data;  // zero bytes: nothing to count
  if (data.get_context() != ptr || !inner->raw_deleter())
    throw std::logic_error("counting CPU allocator: the wrapped CPU allocator does not give simple data pointers");
  const auto device = data.device();
  data.release_context();  // ownership passes to the table entry
  {
    std::lock_guard<std::mutex> lock(mutex_);
    live_pointers_[ptr] = Live{static_cast<std::int64_t>(n), inner->raw_deleter()};
  }
  add(static_cast<std::int64_t>(n));
  return c10::DataPtr(ptr, ptr, &CountingCpuAllocator::release, device);
}

void CountingCpuAllocator::release(void* ptr) {
  auto& self = instance();
  Live entry{};
  {
    std::lock_guard<std::mutex> lock(self.mutex_);
    auto it = self.live_pointers_.find(ptr);
    if (it == self.live_pointers_.end()) return;  // not ours: cannot happen, and never free what we do not own
    entry = it->second;
    self.live_pointers_.erase(it);
  }
  self.add(-entry.bytes);
  entry.free(ptr);
}

}  // namespace lnc::trainer
