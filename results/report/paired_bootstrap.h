#pragma once
// Paired bootstrap test of the MCC difference between two models evaluated on the same test sequences, over
// several seeds (the report's paired comparisons, results/report/paired_comparisons.h).
//
// Statistic: D = mean over seeds s of MCC(A_s) - MCC(B_s), each MCC on the whole test split (base/metrics).
// Resampling: kBootstrapResamples (10,000) resamples; in each, for every seed independently, n_s test sequences
// are drawn with replacement (the same indices for A and B: the pairing), and D* is the mean over seeds of the
// resampled differences. Seeds are combined by averaging because a seed is one training run; resampling sequences
// within each seed keeps each seed's test-set noise and the average carries the seeds' spread.
// 95% CI: 2.5th and 97.5th percentiles of D* (linear interpolation, as results/report/seed_summary.h).
// p-value, two-sided: the bootstrap distribution shifted to the null (centred on 0), as in Koehn (2004) and
// Berg-Kirkpatrick et al. (2012): p = (1 + #{|D* - D| >= |D|}) / (R + 1). It is never 0: with R = 10,000 the
// smallest p is 1/10,001.
// The generator is std::mt19937_64 seeded with kBootstrapSeed and an index is `engine() % n` (seed_summary.h), so
// the result is the same on every machine.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "results/report/seed_summary.h"

namespace lnc::results {

// One seed's test split: the true classes and the two models' predictions, row for row.
struct PairedSeed {
  std::vector<int> labels, predictions_a, predictions_b;
};

struct PairedBootstrapResult {
  std::size_t seeds = 0;
  double mcc_a = 0, mcc_b = 0;  // means over seeds
  double difference = 0;        // D = mcc_a - mcc_b
  double ci_low = 0, ci_high = 0;
  double p_value = 1;
};

// The test's name as the report prints it.
std::string paired_bootstrap_description();

// Throws std::invalid_argument without seeds, on a seed with no rows, or rows of different lengths.
PairedBootstrapResult paired_bootstrap_mcc(const std::vector<PairedSeed>& seeds,
                                           std::size_t resamples = kBootstrapResamples,
                                           std::uint64_t seed = kBootstrapSeed);

}  // namespace lnc::results
