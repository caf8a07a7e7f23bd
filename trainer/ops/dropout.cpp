#include "trainer/ops/dropout.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Dispatch.h>
#include <ATen/OpMathType.h>
#include <ATen/Parallel.h>

#include <mutex>
#include <stdexcept>
#include <string>

namespace lnc::trainer {
namespace {

constexpr std::uint64_t kGamma = 0x9e3779b97f4a7c15ULL;

inline std::uint64_t splitmix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t draw_seed() {
  auto generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  return at::check_generator<at::CPUGeneratorImpl>(generator)->random64();
}

}  // namespace

at::Tensor cpu_dropout_noise(const at::Tensor& like, double p, std::uint64_t seed) {
  if (!(p > 0 && p < 1)) throw std::invalid_argument("cpu_dropout_noise: p must be in (0, 1)");
  auto noise = at::empty(like.sizes(), like.options().device(at::kCPU).memory_format(at::MemoryFormat::Contiguous));
  const std::int64_t n = noise.numel();
  const std::uint64_t threshold = static_cast<std::uint64_t>((1.0 - p) * 4294967296.0);
  AT_DISPATCH_FLOATING_TYPES_AND2(at::kBFloat16, at::kHalf, noise.scalar_type(), "cpu_dropout_noise", [&] {
    // 1 / (1 - p) as torch::dropout's div_ computes it: in the dtype's arithmetic type.
    using opmath = at::opmath_type<scalar_t>;
    const scalar_t kept = static_cast<scalar_t>(opmath(1) / static_cast<opmath>(1.0 - p));
    const scalar_t dropped = static_cast<scalar_t>(0);
    scalar_t* out = noise.data_ptr<scalar_t>();
    const std::int64_t pairs = (n + 1) / 2;
    at::parallel_for(0, pairs, 16384, [&](std::int64_t begin, std::int64_t end) {
      for (std::int64_t j = begin; j < end; ++j) {
        const std::uint64_t h = splitmix64(seed + static_cast<std::uint64_t>(j + 1) * kGamma);
        const std::int64_t i = 2 * j;
        out[i] = (h & 0xffffffffULL) < threshold ? kept : dropped;
        if (i + 1 < n) out[i + 1] = (h >> 32) < threshold ? kept : dropped;
      }
    });
  });
  return noise;
}

at::Tensor inverted_dropout(const at::Tensor& x, double p, bool training) {
  if (!training || p == 0 || x.numel() == 0) return x;
  if (p < 0 || p > 1) throw std::invalid_argument("dropout probability must be in [0, 1], got " + std::to_string(p));
  if (!x.device().is_cpu()) return at::dropout(x, p, true);
  if (p == 1) return x * at::zeros({}, x.options());
  return x * cpu_dropout_noise(x, p, draw_seed());
}

}  // namespace lnc::trainer
