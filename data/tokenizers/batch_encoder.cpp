#include "data/tokenizers/batch_encoder.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "base/input_error.h"

namespace lnc::data {

std::vector<Encoding> encode_batch(const Tokenizer& tokenizer, const std::vector<std::string_view>& sequences,
                                   int threads, const std::function<std::string(std::size_t)>& where) {
  std::vector<Encoding> out(sequences.size());
  constexpr std::size_t kBlock = 64;  // sequences a thread takes at a time: cheap hand-out, balanced finish
  const std::size_t n_blocks = (sequences.size() + kBlock - 1) / kBlock;
  std::size_t n_threads = threads > 0 ? static_cast<std::size_t>(threads) : std::max(1u, std::thread::hardware_concurrency());
  n_threads = std::max<std::size_t>(1, std::min(n_threads, n_blocks));

  std::atomic<std::size_t> next_block{0};
  std::atomic<bool> failed{false};  // blocks not yet handed out all lie after any failure: skip them
  std::mutex failure_mutex;
  std::size_t failed_index = sequences.size();
  std::string failure;
  auto work = [&] {
    for (std::size_t block; !failed.load() && (block = next_block.fetch_add(1)) < n_blocks;) {
      const std::size_t end = std::min(sequences.size(), (block + 1) * kBlock);
      for (std::size_t i = block * kBlock; i < end; ++i) {
        try {
          out[i] = tokenizer.encode(sequences[i]);
        } catch (const std::exception& e) {
          std::lock_guard<std::mutex> lock(failure_mutex);
          if (i < failed_index) {
            failed_index = i;
            failure = e.what();
          }
          failed.store(true);
          return;  // later sequences of this thread cannot lower the failing index below i
        }
      }
    }
  };
  if (n_threads == 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < n_threads; ++t) pool.emplace_back(work);
    for (auto& th : pool) th.join();
  }
  if (failed_index < sequences.size()) throw InputError(where(failed_index) + ": " + failure);
  return out;
}

}  // namespace lnc::data
