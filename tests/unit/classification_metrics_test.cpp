// MCC / accuracy / macro F1 / cross entropy against hand-computed values (cross-checked with scikit-learn 1.9.1:
// matthews_corrcoef, f1_score(average="macro"), accuracy_score give the same numbers for every case here).
#include "base/metrics/classification_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace lnc::metrics {
namespace {

TEST(ClassificationMetrics, BinaryAsymmetricConfusion) {
  // TP=3 FN=1 TN=4 FP=2: MCC = (3*4 - 2*1) / sqrt(5*4*6*5) = 10/sqrt(600)
  std::vector<int> y{1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
  std::vector<int> p{1, 1, 1, 0, 0, 0, 0, 0, 1, 1};
  auto m = compute_metrics(y, p);
  EXPECT_NEAR(m.mcc, 10.0 / std::sqrt(600.0), 1e-12);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.7);
  // F1(1) = 6/9, F1(0) = 8/11
  EXPECT_NEAR(m.f1, (6.0 / 9.0 + 8.0 / 11.0) / 2, 1e-12);
  EXPECT_TRUE(std::isnan(m.loss));
}

TEST(ClassificationMetrics, MultiClassUsesSklearnFormula) {
  // C = [[1,1,0],[0,1,1],[1,0,1]]: t = p = (2,2,2), c = 3, s = 6 -> (18-12)/sqrt(24*24) = 0.25
  std::vector<int> y{0, 0, 1, 1, 2, 2};
  std::vector<int> p{0, 1, 1, 2, 2, 0};
  auto m = compute_metrics(y, p);
  EXPECT_NEAR(m.mcc, 0.25, 1e-12);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.5);
  EXPECT_NEAR(m.f1, 0.5, 1e-12);
}

TEST(ClassificationMetrics, ConstantPredictorGivesZeroMccNotNan) {
  auto m = compute_metrics({0, 1, 0, 1}, {1, 1, 1, 1});
  EXPECT_EQ(m.mcc, 0.0);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.5);
  // class 0 never predicted: F1 0 (zero_division = 0); class 1: 2*2/(4+2) = 2/3
  EXPECT_NEAR(m.f1, (0.0 + 2.0 / 3.0) / 2, 1e-12);
}

TEST(ClassificationMetrics, SingleClassTruthAndPerfectPrediction) {
  auto m = compute_metrics({1, 1}, {1, 1});
  EXPECT_EQ(m.mcc, 0.0);  // sklearn: undefined correlation is 0
  EXPECT_DOUBLE_EQ(m.accuracy, 1.0);
  EXPECT_DOUBLE_EQ(m.f1, 1.0);
}

TEST(ClassificationMetrics, PredictedClassAbsentFromLabelsCountsInMacroF1) {
  auto m = compute_metrics({0, 0}, {0, 2});
  EXPECT_EQ(m.mcc, 0.0);
  EXPECT_NEAR(m.f1, (2.0 / 3.0 + 0.0) / 2, 1e-12);
  EXPECT_NEAR(macro_f1({0, 0}, {0, 2}), m.f1, 0);
  EXPECT_EQ(matthews_corrcoef({0, 0}, {0, 2}), 0.0);
}

TEST(ClassificationMetrics, PerfectAndInvertedBinary) {
  EXPECT_DOUBLE_EQ(matthews_corrcoef({0, 1, 1, 0}, {0, 1, 1, 0}), 1.0);
  EXPECT_DOUBLE_EQ(matthews_corrcoef({0, 1, 1, 0}, {1, 0, 0, 1}), -1.0);
}

TEST(ClassificationMetrics, EmptyAndMismatchedInputs) {
  auto m = compute_metrics(std::vector<int>{}, std::vector<int>{});
  EXPECT_EQ(m.mcc, 0.0);
  EXPECT_EQ(m.f1, 0.0);
  EXPECT_EQ(m.accuracy, 0.0);
  EXPECT_THROW(compute_metrics({0, 1}, {0}), std::invalid_argument);
  EXPECT_THROW(compute_metrics({0, -1}, {0, 1}), std::invalid_argument);
}

TEST(ClassificationMetrics, CrossEntropyFromLogits) {
  // row 0: -log softmax(2,0)[0] = log(1 + e^-2); row 1: log 2
  std::vector<float> logits{2.f, 0.f, 0.f, 0.f};
  double expected = (std::log1p(std::exp(-2.0)) + std::log(2.0)) / 2;
  EXPECT_NEAR(cross_entropy_from_logits(logits, 2, {0, 1}), expected, 1e-12);
  // Large logits stay finite thanks to the log-sum-exp shift.
  EXPECT_NEAR(cross_entropy_from_logits({1000.f, 0.f}, 2, {1}), 1000.0, 1e-9);
  EXPECT_THROW(cross_entropy_from_logits(logits, 2, {0, 2}), std::invalid_argument);
  EXPECT_THROW(cross_entropy_from_logits(logits, 3, {0, 1}), std::invalid_argument);
}

TEST(ClassificationMetrics, FromLogitsArgmaxAndLoss) {
  // argmax rows: 0, 1, 0 (tie -> lower class); labels 0, 1, 1
  std::vector<float> logits{3.f, 1.f, -1.f, 2.f, 0.5f, 0.5f};
  auto m = compute_metrics({0, 1, 1}, logits, 2);
  EXPECT_EQ(argmax_rows(logits, 2), (std::vector<int>{0, 1, 0}));
  EXPECT_NEAR(m.accuracy, 2.0 / 3.0, 1e-12);
  // TP=1 FN=1 TN=1 FP=0: MCC = (1*1 - 0*1)/sqrt(1*2*1*2) = 0.5
  EXPECT_NEAR(m.mcc, 0.5, 1e-12);
  double expected = (std::log1p(std::exp(-2.0)) + std::log1p(std::exp(-3.0)) + std::log(2.0)) / 3;
  EXPECT_NEAR(m.loss, expected, 1e-7);
}

}  // namespace
}  // namespace lnc::metrics
