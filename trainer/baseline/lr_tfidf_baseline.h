#pragma once
// The study's baseline: logistic regression on k-mer n-gram TF-IDF features ("LR" in Tables 1 and 2).
// Vocabulary, idf and the model are fit on the train split only. With several C values the one with the best dev
// MCC is kept (ties: the first listed), then dev and test are predicted with it; with one C value dev is only
// predicted. The caller scores the returned predictions with trainer/metrics exactly as for the neural models;
// the log of the class probabilities are valid logits, so cross_entropy_from_logits(log(scores)) is the log loss.
#include <string>
#include <vector>

#include "trainer/baseline/logistic_regression.h"
#include "trainer/baseline/tfidf_vectorizer.h"

namespace lnc::trainer {

struct LrTfidfConfig {
  TfidfConfig tfidf;                // k = 3, word n-grams 1..3
  std::vector<double> c_values{1.0};  // sklearn's default C; more values = selection on dev by MCC
  double bias = 100.0;               // see logistic_regression.h (the intercept is penalised, as in liblinear)
  double eps = 1e-4;
  int threads = 0;  // vectorizer and solver threads (0 = the hardware's count); results do not depend on it
};

struct SplitPredictions {
  std::vector<int> predictions;
  std::vector<double> scores;  // row-major [rows, classes.size()] class probabilities
};

struct BaselineResult {
  std::vector<int> classes;    // sorted training classes = score columns
  double chosen_c = 0;
  std::vector<double> dev_mcc_by_c;  // parallel to config.c_values (empty when there was no selection)
  std::size_t num_features = 0;
  SplitPredictions dev, test;
  // Wall-clock seconds of the phases (for the run log; not results): TF-IDF of all splits, fits, predictions.
  double vectorize_seconds = 0, fit_seconds = 0, predict_seconds = 0;
};

// Throws std::invalid_argument for mismatched sizes, an empty C list, or several C values with an empty dev split.
BaselineResult run_lr_tfidf(const std::vector<std::string>& train_seqs, const std::vector<int>& train_labels,
                            const std::vector<std::string>& dev_seqs, const std::vector<int>& dev_labels,
                            const std::vector<std::string>& test_seqs, const LrTfidfConfig& config);

}  // namespace lnc::trainer
