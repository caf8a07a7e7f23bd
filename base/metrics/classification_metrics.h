#pragma once
// Test-split metrics computed exactly as the public GUE fine-tuning script does with scikit-learn
// (sklearn.metrics: matthews_corrcoef, accuracy_score, f1_score(average="macro", zero_division=0)), so that model
// runs and the TF-IDF baseline are scored by one implementation.
//
// Conventions (checked against scikit-learn 1.x source):
// - The class set is the union of the labels and the predictions (sklearn's unique_labels), so a class that
//   occurs in neither does not dilute macro F1.
// - MCC is sklearn's multi-class formula on the confusion matrix C (t = row sums, p = column sums, c = trace,
//   s = total):  (c*s - t.p) / sqrt((s^2 - p.p) * (s^2 - t.t)); it equals the binary phi coefficient for two
//   classes. When either factor under the root is 0 (a constant predictor, or a single true class) MCC is 0,
//   as sklearn returns; it is never NaN.
// - Macro F1: per class F1 = 2TP / (2TP + FP + FN), 0 where the denominator is 0 (zero_division=0, which is also
//   what sklearn's default "warn" yields), averaged without weights over the class set.
// - Empty inputs give mcc = accuracy = f1 = 0 (sklearn raises; a run with no test rows is an input error the caller
//   reports, these functions only avoid NaN).
#include <cstddef>
#include <vector>

namespace lnc::metrics {

struct ClassificationMetrics {
  double mcc = 0, accuracy = 0, f1 = 0;
  double loss = 0;  // mean cross entropy; NaN when computed from predictions only (no logits given)
};

// mcc, accuracy and macro f1 from integer class labels; loss is NaN (there are no logits to take it from).
// Throws std::invalid_argument when the two vectors differ in length or hold a negative class.
ClassificationMetrics compute_metrics(const std::vector<int>& labels, const std::vector<int>& predictions);

// All four: predictions are the argmax of each row of `logits` (row-major [labels.size(), num_classes];
// ties go to the lower class, like torch/numpy argmax), loss is cross_entropy_from_logits.
ClassificationMetrics compute_metrics(const std::vector<int>& labels, const std::vector<float>& logits,
                                      std::size_t num_classes);

// Matthews correlation coefficient alone (same conventions as above).
double matthews_corrcoef(const std::vector<int>& labels, const std::vector<int>& predictions);
// MCC of a dense confusion matrix, row-major [true class][predicted class] over `classes` classes (rows and columns
// of classes that occur nowhere are all zero and change nothing, so a fixed class range may be used: the paired
// bootstrap of results/report/paired_bootstrap.h counts resamples this way). Same conventions as above.
double matthews_corrcoef_from_confusion(const std::vector<double>& counts, std::size_t classes);
// Macro-averaged F1 alone.
double macro_f1(const std::vector<int>& labels, const std::vector<int>& predictions);

// Mean over rows of -log softmax(logits_row)[label], computed with the log-sum-exp shift (stable for large logits),
// in double precision. This is torch.nn.CrossEntropyLoss(reduction="mean") without class weights.
double cross_entropy_from_logits(const std::vector<float>& logits, std::size_t num_classes,
                                 const std::vector<int>& labels);

// Row-wise argmax of row-major logits [n, num_classes].
std::vector<int> argmax_rows(const std::vector<float>& logits, std::size_t num_classes);

}  // namespace lnc::metrics
