#include "base/metrics/ranking_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace lnc::metrics {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// Row indices by descending score (stable: the order inside a tie does not matter to either metric).
std::vector<std::size_t> by_descending_score(const std::vector<double>& scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  return order;
}

void check_sizes(const std::vector<bool>& positive, const std::vector<double>& scores) {
  if (positive.size() != scores.size()) throw std::invalid_argument("ranking metric: labels and scores differ in length");
}

}  // namespace

double binary_auroc(const std::vector<bool>& positive, const std::vector<double>& scores) {
  check_sizes(positive, scores);
  const auto order = by_descending_score(scores);
  // Walk tie groups from the top: each positive beats the negatives below its group, ties with those inside it.
  double negatives_below = static_cast<double>(std::count(positive.begin(), positive.end(), false));
  const double total_negatives = negatives_below;
  const double total_positives = static_cast<double>(positive.size()) - total_negatives;
  if (total_positives == 0 || total_negatives == 0) return kNan;
  double wins = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    double group_pos = 0, group_neg = 0;
    for (; j < order.size() && scores[order[j]] == scores[order[i]]; ++j) (positive[order[j]] ? group_pos : group_neg) += 1;
    negatives_below -= group_neg;
    wins += group_pos * (negatives_below + 0.5 * group_neg);
    i = j;
  }
  return wins / (total_positives * total_negatives);
}

double binary_average_precision(const std::vector<bool>& positive, const std::vector<double>& scores) {
  check_sizes(positive, scores);
  const double total_positives = static_cast<double>(std::count(positive.begin(), positive.end(), true));
  if (total_positives == 0) return kNan;
  const auto order = by_descending_score(scores);
  double true_pos = 0, seen = 0, previous_recall = 0, ap = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    for (; j < order.size() && scores[order[j]] == scores[order[i]]; ++j) {
      seen += 1;
      if (positive[order[j]]) true_pos += 1;
    }
    const double recall = true_pos / total_positives;
    ap += (recall - previous_recall) * (true_pos / seen);
    previous_recall = recall;
    i = j;
  }
  return ap;
}

RankingMetrics ranking_metrics(const std::vector<int>& labels, const std::vector<float>& probabilities,
                               std::size_t num_classes) {
  if (num_classes < 2) throw std::invalid_argument("ranking metrics need at least 2 classes");
  if (probabilities.size() != labels.size() * num_classes)
    throw std::invalid_argument("ranking metrics: probabilities are not [rows, classes]");
  for (int l : labels)
    if (l < 0 || static_cast<std::size_t>(l) >= num_classes) throw std::invalid_argument("ranking metrics: label outside the classes");
  auto column = [&](std::size_t c, std::vector<bool>& positive, std::vector<double>& scores) {
    positive.resize(labels.size());
    scores.resize(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
      positive[i] = static_cast<std::size_t>(labels[i]) == c;
      scores[i] = probabilities[i * num_classes + c];
    }
  };
  std::vector<bool> positive;
  std::vector<double> scores;
  RankingMetrics out;
  if (num_classes == 2) {  // sklearn's binary case: class 1's column only
    column(1, positive, scores);
    out.auroc = binary_auroc(positive, scores);
    out.auprc = binary_average_precision(positive, scores);
    return out;
  }
  for (std::size_t c = 0; c < num_classes; ++c) {
    column(c, positive, scores);
    out.auroc += binary_auroc(positive, scores) / static_cast<double>(num_classes);
    out.auprc += binary_average_precision(positive, scores) / static_cast<double>(num_classes);
  }
  return out;
}

}  // namespace lnc::metrics
