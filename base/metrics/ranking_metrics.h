#pragma once
// Threshold-free metrics from class probabilities, as scikit-learn computes them (checked against scikit-learn 1.x):
// - auroc: binary, roc_auc_score(labels, probability of class 1) = the Mann-Whitney probability that a positive
//   scores above a negative, ties counting one half; more classes, roc_auc_score(multi_class="ovr",
//   average="macro"): the unweighted mean over classes of class c against the rest on column c.
// - auprc: average_precision_score = sum over distinct thresholds (descending) of (R_n - R_{n-1}) P_n, tied scores
//   forming one threshold (no interpolation); more classes, the macro mean over one-vs-rest columns, as
//   average_precision_score(label_binarize(labels), probabilities, average="macro").
// Undefined values are NaN, never an exception: auroc when the labels hold a single class (sklearn raises), auprc
// for a class with no positive rows (sklearn warns). A macro average over classes with any NaN is NaN.
#include <cstddef>
#include <vector>

namespace lnc::metrics {

struct RankingMetrics {
  double auroc = 0, auprc = 0;
};

// `probabilities` is row-major [labels.size(), num_classes] (softmax of the logits); labels are 0..num_classes-1.
// Throws std::invalid_argument on mismatched sizes, fewer than 2 classes or a label outside the classes.
RankingMetrics ranking_metrics(const std::vector<int>& labels, const std::vector<float>& probabilities,
                               std::size_t num_classes);

// One column: `positive[i]` says whether row i is of the class, `scores[i]` its score.
double binary_auroc(const std::vector<bool>& positive, const std::vector<double>& scores);
double binary_average_precision(const std::vector<bool>& positive, const std::vector<double>& scores);

}  // namespace lnc::metrics
