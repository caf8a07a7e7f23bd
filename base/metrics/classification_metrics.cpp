#include "base/metrics/classification_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

namespace lnc::metrics {
namespace {

void check_pair(const std::vector<int>& labels, const std::vector<int>& predictions) {
  if (labels.size() != predictions.size())
    throw std::invalid_argument("metrics: " + std::to_string(labels.size()) + " labels but " +
                                std::to_string(predictions.size()) + " predictions");
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i] < 0 || predictions[i] < 0)
      throw std::invalid_argument("metrics: negative class at row " + std::to_string(i));
}

// Confusion matrix over the union of classes seen (sklearn's unique_labels), in sorted class order.
struct Confusion {
  std::vector<std::vector<double>> counts;  // [true class index][predicted class index]
  std::size_t size() const { return counts.size(); }
};

Confusion confusion(const std::vector<int>& labels, const std::vector<int>& predictions) {
  std::map<int, std::size_t> index;
  for (int c : labels) index.emplace(c, 0);
  for (int c : predictions) index.emplace(c, 0);
  std::size_t next = 0;
  for (auto& [cls, idx] : index) idx = next++;
  Confusion cm;
  cm.counts.assign(index.size(), std::vector<double>(index.size(), 0.0));
  for (std::size_t i = 0; i < labels.size(); ++i) cm.counts[index[labels[i]]][index[predictions[i]]] += 1;
  return cm;
}

double mcc_of(const Confusion& cm) {
  const std::size_t n = cm.size();
  std::vector<double> flat;
  flat.reserve(n * n);
  for (const auto& row : cm.counts) flat.insert(flat.end(), row.begin(), row.end());
  return matthews_corrcoef_from_confusion(flat, n);
}

double macro_f1_of(const Confusion& cm) {
  const std::size_t n = cm.size();
  if (n == 0) return 0.0;
  double sum = 0;
  for (std::size_t c = 0; c < n; ++c) {
    double tp = cm.counts[c][c], fp = 0, fn = 0;
    for (std::size_t o = 0; o < n; ++o) {
      if (o == c) continue;
      fp += cm.counts[o][c];
      fn += cm.counts[c][o];
    }
    const double denom = 2 * tp + fp + fn;
    sum += denom == 0 ? 0.0 : 2 * tp / denom;  // zero_division = 0
  }
  return sum / static_cast<double>(n);
}

}  // namespace

double matthews_corrcoef_from_confusion(const std::vector<double>& counts, std::size_t n) {
  if (counts.size() != n * n)
    throw std::invalid_argument("metrics: a confusion matrix of " + std::to_string(counts.size()) + " cells for " +
                                std::to_string(n) + " classes");
  std::vector<double> t(n, 0), p(n, 0);
  double correct = 0, total = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const double c = counts[i * n + j];
      t[i] += c;
      p[j] += c;
      total += c;
      if (i == j) correct += c;
    }
  double tp_dot = 0, pp = 0, tt = 0;
  for (std::size_t i = 0; i < n; ++i) {
    tp_dot += t[i] * p[i];
    pp += p[i] * p[i];
    tt += t[i] * t[i];
  }
  const double cov_ytyp = correct * total - tp_dot;
  const double cov_ypyp = total * total - pp;
  const double cov_ytyt = total * total - tt;
  if (cov_ypyp * cov_ytyt == 0) return 0.0;  // sklearn: constant prediction or constant truth
  return cov_ytyp / std::sqrt(cov_ytyt * cov_ypyp);
}

double matthews_corrcoef(const std::vector<int>& labels, const std::vector<int>& predictions) {
  check_pair(labels, predictions);
  return mcc_of(confusion(labels, predictions));
}

double macro_f1(const std::vector<int>& labels, const std::vector<int>& predictions) {
  check_pair(labels, predictions);
  return macro_f1_of(confusion(labels, predictions));
}

ClassificationMetrics compute_metrics(const std::vector<int>& labels, const std::vector<int>& predictions) {
  check_pair(labels, predictions);
  ClassificationMetrics m;
  const Confusion cm = confusion(labels, predictions);
  m.mcc = mcc_of(cm);
  m.f1 = macro_f1_of(cm);
  std::size_t correct = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) correct += labels[i] == predictions[i];
  m.accuracy = labels.empty() ? 0.0 : static_cast<double>(correct) / static_cast<double>(labels.size());
  m.loss = std::numeric_limits<double>::quiet_NaN();
  return m;
}

std::vector<int> argmax_rows(const std::vector<float>& logits, std::size_t num_classes) {
  if (num_classes == 0 || logits.size() % num_classes != 0)
    throw std::invalid_argument("argmax_rows: " + std::to_string(logits.size()) + " logits is not a multiple of " +
                                std::to_string(num_classes) + " classes");
  std::vector<int> out(logits.size() / num_classes);
  for (std::size_t r = 0; r < out.size(); ++r) {
    const float* row = logits.data() + r * num_classes;
    out[r] = static_cast<int>(std::max_element(row, row + num_classes) - row);  // first maximum wins
  }
  return out;
}

double cross_entropy_from_logits(const std::vector<float>& logits, std::size_t num_classes,
                                 const std::vector<int>& labels) {
  if (num_classes == 0 || logits.size() != labels.size() * num_classes)
    throw std::invalid_argument("cross_entropy_from_logits: " + std::to_string(logits.size()) + " logits for " +
                                std::to_string(labels.size()) + " labels x " + std::to_string(num_classes) +
                                " classes");
  if (labels.empty()) return 0.0;
  double total = 0;
  for (std::size_t r = 0; r < labels.size(); ++r) {
    if (labels[r] < 0 || static_cast<std::size_t>(labels[r]) >= num_classes)
      throw std::invalid_argument("cross_entropy_from_logits: label " + std::to_string(labels[r]) + " at row " +
                                  std::to_string(r) + " outside [0," + std::to_string(num_classes) + ")");
    const float* row = logits.data() + r * num_classes;
    const double shift = *std::max_element(row, row + num_classes);
    double sum = 0;
    for (std::size_t c = 0; c < num_classes; ++c) sum += std::exp(static_cast<double>(row[c]) - shift);
    total += shift + std::log(sum) - static_cast<double>(row[labels[r]]);
  }
  return total / static_cast<double>(labels.size());
}

ClassificationMetrics compute_metrics(const std::vector<int>& labels, const std::vector<float>& logits,
                                      std::size_t num_classes) {
  ClassificationMetrics m = compute_metrics(labels, argmax_rows(logits, num_classes));
  m.loss = cross_entropy_from_logits(logits, num_classes, labels);
  return m;
}

}  // namespace lnc::metrics
