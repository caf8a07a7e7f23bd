// lnctrain's trust-region Newton logistic regression: same objective as scikit-learn (numbers from sklearn 1.9.1
// LogisticRegression(C=1, solver="liblinear", intercept_scaling=bias, tol=1e-10) on the toy data below), class
// order, the optimality condition of the penalised objective, hand-solved one-variable problems, and weights that
// do not depend on the thread count. The liblinear optimum on real data: lr_tfidf_baseline_test.cpp.
#include "trainer/baseline/logistic_regression.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace lnc::trainer {
namespace {

// 7 rows x 3 dense features, labels 7/3 (first label seen is 7: liblinear's order differs from the sorted one).
SparseMatrix toy_rows() {
  const double x[7][3] = {{1, 0, 0.5}, {0.9, 0.2, 0}, {0, 1, 0.3}, {0.1, 0.8, 0}, {0.5, 0.5, 0.5}, {0.7, 0, 0.2},
                          {0, 0.3, 1.0}};
  SparseMatrix rows(7);
  for (int r = 0; r < 7; ++r)
    for (int c = 0; c < 3; ++c)
      if (x[r][c] != 0) {
        rows[r].index.push_back(c);
        rows[r].value.push_back(x[r][c]);
      }
  return rows;
}
const std::vector<int> kToyLabels{7, 7, 3, 3, 7, 3, 3};

TEST(LogisticRegression, MatchesScikitLearnLiblinearWithInterceptScaling) {
  struct Expected {
    double bias, w[3], intercept, p0_class7;
  };
  for (const Expected& e : {Expected{1.0, {0.65651086, -0.39426532, -0.11342122}, -0.25021917, 0.58651599},
                            Expected{10.0, {0.76645437, -0.29740735, -0.03082403}, -0.51599923, 0.55849175}}) {
    LogisticRegression lr(LogisticRegressionConfig{1.0, e.bias, 1e-10});
    lr.fit(toy_rows(), kToyLabels, 3);
    EXPECT_EQ(lr.classes(), (std::vector<int>{3, 7}));
    for (int f = 0; f < 3; ++f) EXPECT_NEAR(lr.coefficient(f), e.w[f], 2e-6) << "bias " << e.bias << " f " << f;
    EXPECT_NEAR(lr.intercept(), e.intercept, 2e-6);
    auto p = lr.predict_proba(toy_rows());
    EXPECT_NEAR(p[1], e.p0_class7, 2e-6);
    EXPECT_NEAR(p[0] + p[1], 1.0, 1e-12);
  }
}

TEST(LogisticRegression, GradientOfPenalisedObjectiveVanishes) {
  // d/dw [0.5|w|^2 + C sum log(1+exp(-y w.x))] = w - C sum y x sigma(-y w.x) = 0, bias feature included.
  const double C = 2.5, bias = 3.0;
  LogisticRegression lr(LogisticRegressionConfig{C, bias, 1e-10});
  SparseMatrix rows = toy_rows();
  lr.fit(rows, kToyLabels, 3);
  double w[4] = {lr.coefficient(0), lr.coefficient(1), lr.coefficient(2), lr.intercept() / bias};
  double grad[4] = {w[0], w[1], w[2], w[3]};
  for (std::size_t r = 0; r < rows.size(); ++r) {
    double x[4] = {0, 0, 0, bias};
    for (std::size_t i = 0; i < rows[r].index.size(); ++i) x[rows[r].index[i]] = rows[r].value[i];
    const double y = kToyLabels[r] == 7 ? 1.0 : -1.0;  // coefficient() is for classes()[1] = 7
    const double margin = y * (w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + w[3] * x[3]);
    const double s = 1.0 / (1.0 + std::exp(margin));
    for (int j = 0; j < 4; ++j) grad[j] -= C * y * x[j] * s;
  }
  for (double g : grad) EXPECT_NEAR(g, 0.0, 1e-6);
}

TEST(LogisticRegression, PredictsSeparableDataAndRejectsBadInput) {
  SparseMatrix rows(4);
  rows[0] = {{0}, {1.0}};
  rows[1] = {{0}, {0.9}};
  rows[2] = {{1}, {1.0}};
  rows[3] = {{1}, {0.8}};
  LogisticRegression lr(LogisticRegressionConfig{100.0, 1.0, 1e-6});
  lr.fit(rows, {0, 0, 1, 1}, 2);
  EXPECT_EQ(lr.predict(rows), (std::vector<int>{0, 0, 1, 1}));
  EXPECT_THROW(lr.fit(rows, {0, 0, 0, 0}, 2), std::invalid_argument);  // one class
  EXPECT_THROW(lr.fit(rows, {0, 1}, 2), std::invalid_argument);        // size mismatch
  EXPECT_THROW(lr.fit(rows, {0, 0, 1, 1}, 1), std::invalid_argument);  // index 1 >= 1 feature
  LogisticRegression unfitted;
  EXPECT_THROW(unfitted.predict(rows), std::logic_error);
}

TEST(LogisticRegression, MatchesHandSolvedOneVariableProblems) {
  // One feature, no intercept: x = +1 (class 1) and x = -1 (class 0) both have margin w, so
  // f(w) = 0.5 w^2 + 2 log(1 + e^-w) and f'(w) = 0 <=> w (1 + e^w) = 2: w = 0.67483161434240 (bisection).
  SparseMatrix rows(2);
  rows[0] = {{0}, {1.0}};
  rows[1] = {{0}, {-1.0}};
  LogisticRegression lr(LogisticRegressionConfig{1.0, 0.0, 1e-12});
  lr.fit(rows, {1, 0}, 1);
  EXPECT_NEAR(lr.coefficient(0), 0.6748316143423992, 1e-10);
  EXPECT_EQ(lr.intercept(), 0.0);
  EXPECT_NEAR(lr.predict_proba(rows)[1], 1.0 / (1.0 + std::exp(-0.6748316143423992)), 1e-10);
  // Intercept only (empty rows, bias b = 2), 3 rows of class 1 and 1 of class 0: with u the bias feature's weight,
  // f(u) = 0.5 u^2 + 3 log(1 + e^-2u) + log(1 + e^2u); f'(u) = 0 at u = 0.41823388123215 (bisection), so the
  // intercept is 2u = 0.83646776246429 and P(class 1) = logistic(2u) = 0.69772076484598 (unpenalised: 0.75).
  // Tolerance 1e-8: TRON also stops once a step changes f by < 1e-12 relative, here ~6e-9 from the root.
  SparseMatrix empty(4);
  LogisticRegression b(LogisticRegressionConfig{1.0, 2.0, 1e-12});
  b.fit(empty, {1, 1, 0, 1}, 5);
  EXPECT_NEAR(b.intercept(), 0.836467762464292, 1e-8);
  for (std::size_t f = 0; f < 5; ++f) EXPECT_EQ(b.coefficient(f), 0.0);
  EXPECT_NEAR(b.predict_proba(empty)[1], 0.6977207648459817, 1e-8);
  EXPECT_THROW(b.coefficient(5), std::out_of_range);
}

TEST(LogisticRegression, WeightsDoNotDependOnTheThreadCount) {
  // 3,000 rows (several row blocks) of 50 random sparse features, three classes (one-vs-rest).
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  SparseMatrix rows(3000);
  std::vector<int> labels(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    double score = 0;
    for (int f = 0; f < 50; ++f)
      if (u(rng) < 0.2) {
        rows[r].index.push_back(f);
        rows[r].value.push_back(u(rng));
        score += (f % 3 == 0 ? 1.0 : -0.5) * rows[r].value.back();
      }
    labels[r] = score > 0.3 ? 2 : (score > -0.3 ? 1 : 0);
  }
  std::vector<std::vector<double>> fits;
  for (int threads : {1, 2, 3, 8}) {
    LogisticRegression lr(LogisticRegressionConfig{1.0, 100.0, 1e-4, threads});
    lr.fit(rows, labels, 50);
    std::vector<double> out = lr.predict_proba(rows);
    for (int f = 0; f < 50; ++f) out.push_back(lr.coefficient(static_cast<std::size_t>(f)));
    out.push_back(lr.intercept());
    fits.push_back(out);
  }
  for (std::size_t i = 1; i < fits.size(); ++i) EXPECT_TRUE(fits[i] == fits[0]) << "thread count #" << i;  // bitwise
}

}  // namespace
}  // namespace lnc::trainer
