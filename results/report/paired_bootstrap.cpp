#include "results/report/paired_bootstrap.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "base/metrics/classification_metrics.h"
#include "results/report/seed_summary.h"

namespace lnc::results {
namespace {

// A seed's rows as cells of the joint (label, prediction A, prediction B) table: a resample only needs the counts
// per cell, from which both confusion matrices follow.
struct EncodedSeed {
  std::size_t classes = 0;
  std::vector<std::uint32_t> cell;  // label * C^2 + a * C + b, per row
};

EncodedSeed encode(const PairedSeed& s) {
  const std::size_t n = s.labels.size();
  if (n == 0) throw std::invalid_argument("paired bootstrap: a seed without test rows");
  if (s.predictions_a.size() != n || s.predictions_b.size() != n)
    throw std::invalid_argument("paired bootstrap: labels and predictions of different lengths");
  int top = 0;
  for (const auto* v : {&s.labels, &s.predictions_a, &s.predictions_b})
    for (int c : *v) {
      if (c < 0) throw std::invalid_argument("paired bootstrap: negative class");
      top = std::max(top, c);
    }
  EncodedSeed e;
  e.classes = static_cast<std::size_t>(top) + 1;
  const std::size_t c = e.classes;
  e.cell.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    e.cell[i] = static_cast<std::uint32_t>(static_cast<std::size_t>(s.labels[i]) * c * c +
                                           static_cast<std::size_t>(s.predictions_a[i]) * c +
                                           static_cast<std::size_t>(s.predictions_b[i]));
  return e;
}

// MCC(A) - MCC(B) from the counts per joint cell.
double difference_of(const std::vector<double>& cells, std::size_t c, std::vector<double>& ca, std::vector<double>& cb) {
  std::fill(ca.begin(), ca.end(), 0.0);
  std::fill(cb.begin(), cb.end(), 0.0);
  for (std::size_t y = 0; y < c; ++y)
    for (std::size_t a = 0; a < c; ++a)
      for (std::size_t b = 0; b < c; ++b) {
        const double k = cells[(y * c + a) * c + b];
        ca[y * c + a] += k;
        cb[y * c + b] += k;
      }
  return metrics::matthews_corrcoef_from_confusion(ca, c) - metrics::matthews_corrcoef_from_confusion(cb, c);
}

}  // namespace

std::string paired_bootstrap_description() {
  return "paired bootstrap over test sequences (10,000 resamples, drawn per seed with the same sequences for both "
         "models; statistic: mean over seeds of the MCC difference; 95% percentile interval; two-sided p from the "
         "bootstrap distribution centred on the null)";
}

PairedBootstrapResult paired_bootstrap_mcc(const std::vector<PairedSeed>& seeds, std::size_t resamples,
                                           std::uint64_t seed) {
  if (seeds.empty()) throw std::invalid_argument("paired bootstrap: no seeds");
  if (resamples == 0) throw std::invalid_argument("paired bootstrap: no resamples");
  std::vector<EncodedSeed> encoded;
  for (const auto& s : seeds) encoded.push_back(encode(s));
  PairedBootstrapResult r;
  r.seeds = seeds.size();
  for (const auto& s : seeds) {
    r.mcc_a += metrics::matthews_corrcoef(s.labels, s.predictions_a);
    r.mcc_b += metrics::matthews_corrcoef(s.labels, s.predictions_b);
  }
  r.mcc_a /= static_cast<double>(seeds.size());
  r.mcc_b /= static_cast<double>(seeds.size());
  r.difference = r.mcc_a - r.mcc_b;

  std::mt19937_64 engine(seed);
  std::vector<double> stats(resamples, 0.0);
  std::vector<std::vector<double>> cells(encoded.size());
  for (std::size_t k = 0; k < encoded.size(); ++k) cells[k].assign(encoded[k].classes * encoded[k].classes * encoded[k].classes, 0.0);
  std::vector<double> ca, cb;
  for (std::size_t i = 0; i < resamples; ++i) {
    double total = 0;
    for (std::size_t k = 0; k < encoded.size(); ++k) {
      const auto& e = encoded[k];
      auto& counts = cells[k];
      std::fill(counts.begin(), counts.end(), 0.0);
      const std::size_t n = e.cell.size();
      for (std::size_t j = 0; j < n; ++j) counts[e.cell[engine() % n]] += 1;
      ca.assign(e.classes * e.classes, 0.0);
      cb.assign(e.classes * e.classes, 0.0);
      total += difference_of(counts, e.classes, ca, cb);
    }
    stats[i] = total / static_cast<double>(encoded.size());
  }
  std::size_t extreme = 0;
  for (double d : stats)
    if (std::fabs(d - r.difference) >= std::fabs(r.difference)) ++extreme;
  r.p_value = static_cast<double>(1 + extreme) / static_cast<double>(resamples + 1);
  std::sort(stats.begin(), stats.end());
  r.ci_low = percentile(stats, 0.025);
  r.ci_high = percentile(stats, 0.975);
  return r;
}

}  // namespace lnc::results
