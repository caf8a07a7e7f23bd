#include "results/report/seed_summary.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace lnc::results {

double percentile(const std::vector<double>& sorted, double q) {
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

SeedSummary summarise_seeds(const std::vector<double>& values, bool with_bootstrap) {
  if (values.empty()) throw std::invalid_argument("summarise_seeds: no values");
  SeedSummary s;
  s.n = values.size();
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(s.n);
  if (s.n < 2) return s;
  double ss = 0;
  for (double v : values) ss += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(ss / static_cast<double>(s.n - 1));
  if (!with_bootstrap) return s;
  std::mt19937_64 engine(kBootstrapSeed);
  std::vector<double> means(kBootstrapResamples);
  for (double& m : means) {
    double total = 0;
    for (std::size_t i = 0; i < s.n; ++i) total += values[engine() % s.n];
    m = total / static_cast<double>(s.n);
  }
  std::sort(means.begin(), means.end());
  s.ci_low = percentile(means, 0.025);
  s.ci_high = percentile(means, 0.975);
  return s;
}

}  // namespace lnc::results
