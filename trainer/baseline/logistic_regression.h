#pragma once
// L2-regularised logistic regression on sparse features through liblinear (Debian liblinear 2.3.0, solver L2R_LR,
// a trust-region Newton method on the primal):
//     min_w  0.5 * |w|^2  +  C * sum_i log(1 + exp(-y_i w.x_i))
// which is scikit-learn LogisticRegression's objective with the same C (default 1).
//
// The intercept. sklearn's default solver (lbfgs) leaves the intercept out of the penalty; liblinear 2.3 has no
// such switch (regularize_bias arrived in 2.40): it appends a constant feature of value `bias` to every row and
// penalises its weight w_b like any other, so the effective intercept is w_b * bias and its penalty is
// 0.5 * (intercept / bias)^2. A larger `bias` therefore approaches sklearn's unpenalised intercept. lnctrain's
// default is bias = 100 (intercept penalty 10^4 times weaker than with bias 1): on GUE prom_300_notata it reproduces
// the converged optimum of sklearn's default model to 2e-6 in probability; measurements in trainer/baseline/README.md.
//
// Classes: labels may be any ints; `classes()` lists them sorted ascending and probability columns follow that order.
// Two classes: one weight vector, P(class) = logistic (liblinear's predict_probability). More than two: liblinear
// trains one-vs-rest models and normalises their logistic outputs (sklearn's default is multinomial; the study's
// tasks are all binary).
#include <cstddef>
#include <memory>
#include <vector>

#include "trainer/baseline/sparse_rows.h"

struct model;  // liblinear's

namespace lnc::trainer {

struct LogisticRegressionConfig {
  double C = 1.0;
  double bias = 100.0;   // value of liblinear's appended constant feature; <= 0 fits no intercept
  double eps = 1e-4;    // liblinear stopping tolerance (its default is 0.01; sklearn's lbfgs uses tol 1e-4)
};

class LogisticRegression {
 public:
  explicit LogisticRegression(LogisticRegressionConfig config = {});
  ~LogisticRegression();
  LogisticRegression(const LogisticRegression&) = delete;
  LogisticRegression& operator=(const LogisticRegression&) = delete;

  // Throws std::invalid_argument on size mismatches, fewer than two classes, or a feature index >= num_features.
  void fit(const SparseMatrix& rows, const std::vector<int>& labels, std::size_t num_features);

  // Row-major [rows.size(), classes().size()] class probabilities.
  std::vector<double> predict_proba(const SparseMatrix& rows) const;
  // The most probable class of each row (the first in classes() order on a tie).
  std::vector<int> predict(const SparseMatrix& rows) const;

  const std::vector<int>& classes() const { return classes_; }
  // Weight of `feature` for the positive class (binary: classes()[1]); and the intercept w_b * bias.
  double coefficient(std::size_t feature) const;
  double intercept() const;

 private:
  LogisticRegressionConfig config_;
  std::size_t num_features_ = 0;
  std::vector<int> classes_;
  std::vector<int> column_of_liblinear_label_;  // liblinear's class order -> our sorted column
  model* model_ = nullptr;
};

}  // namespace lnc::trainer
