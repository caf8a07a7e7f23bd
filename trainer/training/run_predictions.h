#pragma once
// A split's per-sample predictions as a run reports them: one PredictionRow per sequence in
// RunOutcome::predictions and the split's final auroc and auprc in RunOutcome::metrics (base/metrics/ranking_metrics.h;
// a value that is undefined, e.g. a split holding one class, is left out rather than stored as NaN). The neural runs
// (trainer/training/final_evaluation.h) and lr_tfidf (trainer/baseline_run.h) both report through it.
#include <cstddef>
#include <string>
#include <vector>

#include "trainer/training_run.h"

namespace lnc::trainer {

// `probabilities` is row-major [labels.size(), num_classes]; predictions and labels are classes 0..num_classes-1.
void add_split_predictions(const std::string& split, const std::vector<int>& labels, const std::vector<int>& predictions,
                           const std::vector<float>& probabilities, std::size_t num_classes, RunOutcome& out);

}  // namespace lnc::trainer
