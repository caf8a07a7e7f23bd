#pragma once
// L2-regularised logistic regression on sparse features, solved by lnctrain's own trust-region Newton method
// (trainer/baseline/logistic_regression.cpp):
//     min_w  0.5 * |w|^2  +  C * sum_i log(1 + exp(-y_i w.x_i))
// which is scikit-learn LogisticRegression's objective with the same C (default 1). It is the objective, the
// algorithm and the stopping rule of liblinear 2.3's L2R_LR solver (TRON: Lin, Weng & Keerthi 2008, with the
// diagonal preconditioner of Hsia, Chiang & Lin 2018), which lnctrain used before; the solver is ours so that the
// Hessian-vector product runs in one fused pass over a compact CSR copy of the rows, split over threads. That pass
// reads the values rounded to float (it only steers the Newton step; f and the gradient, which fix the optimum and
// the stopping test, use double). Exactness against liblinear and timings: trainer/baseline/README.md, "Solver".
//
// The intercept. sklearn's default solver (lbfgs) leaves the intercept out of the penalty; liblinear 2.3 (and this
// solver) append a constant feature of value `bias` to every row and penalise its weight w_b like any other, so the
// effective intercept is w_b * bias and its penalty is 0.5 * (intercept / bias)^2. A larger `bias` therefore
// approaches sklearn's unpenalised intercept. lnctrain's default is bias = 100 (intercept penalty 10^4 times weaker
// than with bias 1): on GUE prom_300_notata it reproduces the converged optimum of sklearn's default model to 2e-6
// in probability; measurements in trainer/baseline/README.md.
//
// Stopping: |grad f(w)| <= eps * max(min(#pos, #neg), 1) / #rows * |grad f(0)| (liblinear's rule for L2R_LR), at
// most 1000 Newton iterations.
//
// Threads and determinism: the rows are cut into at most 16 blocks whose bounds depend only on the row count; a
// thread takes whole blocks, each block sums into its own partial vector, and the partials are added in block
// order. The fitted weights are therefore bit-identical for every thread count and every schedule
// (LogisticRegressionConfig::threads only changes the speed; 0 = the hardware's thread count).
//
// Classes: labels may be any ints; `classes()` lists them sorted ascending and probability columns follow that order.
// Two classes: one weight vector for classes()[1] (y = +1), P = logistic of the decision value. More than two:
// one-vs-rest models, one per class, whose logistic outputs are normalised to sum to 1 (liblinear's
// predict_probability; sklearn's default is multinomial; the study's tasks are all binary).
#include <cstddef>
#include <vector>

#include "trainer/baseline/sparse_rows.h"

namespace lnc::trainer {

struct LogisticRegressionConfig {
  double C = 1.0;
  double bias = 100.0;  // value of the appended constant feature; <= 0 fits no intercept
  double eps = 1e-4;    // stopping tolerance above (liblinear's default is 0.01; sklearn's lbfgs uses tol 1e-4)
  int threads = 0;      // 0 = std::thread::hardware_concurrency(); the result does not depend on it
};

class LogisticRegression {
 public:
  explicit LogisticRegression(LogisticRegressionConfig config = {});

  // Throws std::invalid_argument on size mismatches, fewer than two classes, or a feature index >= num_features.
  void fit(const SparseMatrix& rows, const std::vector<int>& labels, std::size_t num_features);

  // Row-major [rows.size(), classes().size()] class probabilities. Features >= num_features are ignored.
  std::vector<double> predict_proba(const SparseMatrix& rows) const;
  // The most probable class of each row (the first in classes() order on a tie).
  std::vector<int> predict(const SparseMatrix& rows) const;
  // The same from probabilities predict_proba returned (saves the second pass when both are needed).
  std::vector<int> most_probable(const std::vector<double>& probabilities) const;

  const std::vector<int>& classes() const { return classes_; }
  // Weight of `feature` for the positive class (binary: classes()[1]); and the intercept w_b * bias.
  double coefficient(std::size_t feature) const;
  double intercept() const;
  // Newton iterations and conjugate-gradient steps (= Hessian-vector products) of the last fit, summed over the
  // one-vs-rest models; for logs and tests.
  int newton_iterations() const { return newton_iterations_; }
  int cg_iterations() const { return cg_iterations_; }

 private:
  LogisticRegressionConfig config_;
  std::size_t num_features_ = 0;
  std::vector<int> classes_;
  // One row of num_features_ + 1 weights per model (the last is w_b); binary: one model, for classes_[1].
  std::vector<double> weights_;
  int newton_iterations_ = 0, cg_iterations_ = 0;
  std::size_t models() const { return classes_.size() == 2 ? 1 : classes_.size(); }
};

}  // namespace lnc::trainer
