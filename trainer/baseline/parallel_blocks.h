#pragma once
// Runs fn(b) for every block b in [0, blocks) on up to `threads` threads (0 = the hardware's count) that take
// blocks in turn. Which thread runs a block is left to the schedule, so fn must write only block b's own outputs;
// callers that sum make one partial per block and add the partials in block order, which keeps their results
// independent of the thread count. std::thread per call: the baseline's calls each cover milliseconds of work.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace lnc::trainer {

inline int resolve_threads(int threads) {
  return threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

template <class Fn>
void for_each_block(std::size_t blocks, int threads, const Fn& fn) {
  const std::size_t n = std::min<std::size_t>(blocks, static_cast<std::size_t>(resolve_threads(threads)));
  if (n <= 1) {
    for (std::size_t b = 0; b < blocks; ++b) fn(b);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(n);  // per thread; the first is rethrown after every thread joined
  auto work = [&](std::size_t t) {
    try {
      for (std::size_t b; (b = next.fetch_add(1)) < blocks;) fn(b);
    } catch (...) {
      errors[t] = std::current_exception();
      next = blocks;  // the others stop at their next block
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(n - 1);
  for (std::size_t t = 1; t < n; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& t : pool) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace lnc::trainer
