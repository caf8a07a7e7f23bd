#pragma once
// Summary of one table cell over its runs (seeds): mean, sample standard deviation, and a 95% bootstrap interval of
// the mean.
//
// Bootstrap: kBootstrapResamples = 10,000 resamples of the per-seed values with replacement (a resample draws n of
// the n values), each summarised by its mean; the interval is the 2.5th and 97.5th percentiles of those means
// (linear interpolation between order statistics, numpy's default). The generator is std::mt19937_64 seeded with
// kBootstrapSeed, and an index is drawn as `engine() % n` (not std::uniform_int_distribution, whose output differs
// between standard libraries), so the interval is the same on every machine. With n = 1 there is no sd and no
// interval. With few seeds the interval only spans the observed values: it reflects seed-to-seed variation, not
// test-set sampling (the store keeps no per-example predictions).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace lnc::results {

inline constexpr std::size_t kBootstrapResamples = 10000;
inline constexpr std::uint64_t kBootstrapSeed = 20241105;  // the paper's arXiv date

struct SeedSummary {
  std::size_t n = 0;
  double mean = 0;
  std::optional<double> sd;                 // n >= 2
  std::optional<double> ci_low, ci_high;    // n >= 2
};

// The q-quantile (0..1) of ascending `sorted` (non-empty), linear between order statistics (numpy's default); the
// bootstrap intervals here and in paired_bootstrap.h use it.
double percentile(const std::vector<double>& sorted, double q);

// Throws std::invalid_argument on an empty input.
SeedSummary summarise_seeds(const std::vector<double>& values, bool with_bootstrap = true);

}  // namespace lnc::results
