#include "trainer/training/run_predictions.h"

#include <cmath>
#include <stdexcept>

#include "base/metrics/ranking_metrics.h"

namespace lnc::trainer {

void add_split_predictions(const std::string& split, const std::vector<int>& labels, const std::vector<int>& predictions,
                           const std::vector<float>& probabilities, std::size_t num_classes, RunOutcome& out) {
  if (predictions.size() != labels.size() || probabilities.size() != labels.size() * num_classes)
    throw std::invalid_argument("add_split_predictions: " + split + " has " + std::to_string(labels.size()) +
                                " labels, " + std::to_string(predictions.size()) + " predictions and " +
                                std::to_string(probabilities.size()) + " probabilities for " +
                                std::to_string(num_classes) + " classes");
  out.predictions.reserve(out.predictions.size() + labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i)
    out.predictions.push_back({split, static_cast<std::int64_t>(i), labels[i], predictions[i],
                               std::vector<float>(probabilities.begin() + static_cast<std::ptrdiff_t>(i * num_classes),
                                                  probabilities.begin() + static_cast<std::ptrdiff_t>((i + 1) * num_classes))});
  if (labels.empty() || num_classes < 2) return;
  const auto ranking = metrics::ranking_metrics(labels, probabilities, num_classes);
  if (std::isfinite(ranking.auroc)) out.metrics.push_back({split, std::nullopt, "auroc", ranking.auroc});
  if (std::isfinite(ranking.auprc)) out.metrics.push_back({split, std::nullopt, "auprc", ranking.auprc});
}

}  // namespace lnc::trainer
