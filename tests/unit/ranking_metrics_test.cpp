// AUROC and AUPRC against scikit-learn 1.9.1 on fixed inputs (the values below were printed by
//   roc_auc_score(y, s), average_precision_score(y, s)  and, for three classes,
//   roc_auc_score(y3, p, multi_class="ovr", average="macro"),
//   average_precision_score(label_binarize(y3, classes=[0, 1, 2]), p, average="macro")),
// and the binary AUROC by hand: 19 of the 25 positive-negative pairs ordered right, ties counting 1/2.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "base/metrics/ranking_metrics.h"

namespace lnc::metrics {
namespace {

const std::vector<int> kBinaryLabels{0, 0, 1, 1, 0, 1, 1, 0, 1, 0};
const std::vector<float> kClass1{0.1f, 0.4f, 0.35f, 0.8f, 0.4f, 0.9f, 0.4f, 0.2f, 0.65f, 0.7f};

std::vector<float> two_columns(const std::vector<float>& class1) {
  std::vector<float> p;
  for (float v : class1) p.insert(p.end(), {1.0f - v, v});
  return p;
}

TEST(RankingMetrics, BinaryMatchesScikitLearnWithTies) {
  const auto m = ranking_metrics(kBinaryLabels, two_columns(kClass1), 2);
  EXPECT_NEAR(m.auroc, 0.76, 1e-12);  // = 19/25
  EXPECT_NEAR(m.auprc, 0.7892857142857144, 1e-7);  // float inputs: 1e-7 covers their rounding
}

TEST(RankingMetrics, ThreeClassMacroOneVsRestMatchesScikitLearn) {
  const std::vector<int> labels{0, 1, 2, 2, 1, 0, 1, 2, 0, 1};
  const std::vector<float> p{.7f, .2f, .1f, .2f, .5f, .3f, .1f, .3f, .6f, .3f, .3f, .4f, .4f, .4f, .2f,
                             .5f, .25f, .25f, .1f, .8f, .1f, .2f, .5f, .3f, .6f, .2f, .2f, .3f, .3f, .4f};
  const auto m = ranking_metrics(labels, p, 3);
  EXPECT_NEAR(m.auroc, 0.9196428571428571, 1e-7);
  EXPECT_NEAR(m.auprc, 0.8341931216931217, 1e-7);
}

TEST(RankingMetrics, PerfectAndReversedRankings) {
  const std::vector<bool> positive{false, false, true, true};
  EXPECT_DOUBLE_EQ(binary_auroc(positive, {0.1, 0.2, 0.8, 0.9}), 1.0);
  EXPECT_DOUBLE_EQ(binary_auroc(positive, {0.9, 0.8, 0.2, 0.1}), 0.0);
  EXPECT_DOUBLE_EQ(binary_auroc(positive, {0.5, 0.5, 0.5, 0.5}), 0.5);
  EXPECT_DOUBLE_EQ(binary_average_precision(positive, {0.1, 0.2, 0.8, 0.9}), 1.0);
  // All tied: one threshold with recall 1 at precision 2/4.
  EXPECT_DOUBLE_EQ(binary_average_precision(positive, {0.5, 0.5, 0.5, 0.5}), 0.5);
  // Reversed: recall 1/2 reached at precision 1/3, then 1 at 2/4: 0.5 * 1/3 + 0.5 * 1/2.
  EXPECT_DOUBLE_EQ(binary_average_precision(positive, {0.9, 0.8, 0.2, 0.1}), 0.5 / 3 + 0.25);
}

TEST(RankingMetrics, UndefinedIsNanAndBadShapesThrow) {
  EXPECT_TRUE(std::isnan(ranking_metrics({1, 1, 1}, two_columns({0.2f, 0.5f, 0.9f}), 2).auroc));
  EXPECT_TRUE(std::isnan(ranking_metrics({0, 0}, two_columns({0.2f, 0.5f}), 2).auprc));
  EXPECT_THROW(ranking_metrics({0, 1}, {0.5f, 0.5f}, 2), std::invalid_argument);
  EXPECT_THROW(ranking_metrics({0, 2}, two_columns({0.5f, 0.5f}), 2), std::invalid_argument);
  EXPECT_THROW(ranking_metrics({0}, {1.0f}, 1), std::invalid_argument);
}

}  // namespace
}  // namespace lnc::metrics
