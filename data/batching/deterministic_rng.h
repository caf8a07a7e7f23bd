#pragma once
// A PRNG whose output is defined by this file alone (std:: distributions and std::shuffle are
// implementation-defined), so the data order is the same on every machine, compiler and number of ranks.
#include <cstdint>
#include <vector>

namespace lnc::data {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound), unbiased (rejection).
  std::uint64_t below(std::uint64_t bound) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    std::uint64_t x;
    do x = next(); while (x >= limit);
    return x % bound;
  }
  double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

// Fisher-Yates with SplitMix64.
template <typename T>
void deterministic_shuffle(std::vector<T>& values, SplitMix64& rng) {
  for (std::size_t i = values.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(rng.below(i));
    std::swap(values[i - 1], values[j]);
  }
}

// Mixes several integers into one seed (for per-epoch / per-purpose streams).
inline std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b) {
  SplitMix64 r(a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL));
  return r.next();
}

}  // namespace lnc::data
