// A split's per-sample rows and its stored auroc / auprc (trainer/training/run_predictions.h). The expected values
// were printed once by scikit-learn 1.9.1:
//   python3 -c "from sklearn.metrics import roc_auc_score, average_precision_score;
//     y=[1,0,1,1,0,0,1,0]; s=[0.9,0.3,0.6,0.4,0.4,0.2,0.75,0.55];
//     print(repr(roc_auc_score(y,s)), repr(average_precision_score(y,s)))"
//   -> 0.90625 0.9166666666666666
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

#include "trainer/training/run_predictions.h"

namespace lnc::trainer {
namespace {

std::map<std::string, double> final_metrics(const RunOutcome& out, const std::string& split) {
  std::map<std::string, double> m;
  for (const auto& v : out.metrics)
    if (v.split == split && !v.epoch) m[v.name] = v.value;
  return m;
}

TEST(RunPredictions, RowsPerSequenceAndRankingMetricsMatchScikitLearn) {
  const std::vector<int> labels{1, 0, 1, 1, 0, 0, 1, 0};
  const std::vector<float> class1{0.9f, 0.3f, 0.6f, 0.4f, 0.4f, 0.2f, 0.75f, 0.55f};
  std::vector<float> probabilities;
  std::vector<int> predictions;
  for (float p : class1) {
    probabilities.insert(probabilities.end(), {1.0f - p, p});
    predictions.push_back(p > 0.5f ? 1 : 0);
  }
  RunOutcome out;
  add_split_predictions("test", labels, predictions, probabilities, 2, out);
  ASSERT_EQ(out.predictions.size(), labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto& row = out.predictions[i];
    EXPECT_EQ(row.split, "test");
    EXPECT_EQ(row.sample, static_cast<std::int64_t>(i));
    EXPECT_EQ(row.label, labels[i]);
    EXPECT_EQ(row.prediction, predictions[i]);
    ASSERT_EQ(row.probabilities.size(), 2u);
    EXPECT_EQ(row.probabilities[1], class1[i]);
  }
  const auto m = final_metrics(out, "test");
  ASSERT_EQ(m.count("auroc"), 1u);
  ASSERT_EQ(m.count("auprc"), 1u);
  EXPECT_NEAR(m.at("auroc"), 0.90625, 1e-12);
  EXPECT_NEAR(m.at("auprc"), 0.9166666666666666, 1e-7);  // float inputs
}

TEST(RunPredictions, UndefinedRankingMetricsAreLeftOutNotNaN) {
  RunOutcome out;  // a dev split holding one class: auroc undefined (sklearn raises)
  add_split_predictions("dev", {1, 1}, {1, 0}, {0.2f, 0.8f, 0.6f, 0.4f}, 2, out);
  EXPECT_EQ(out.predictions.size(), 2u);
  const auto m = final_metrics(out, "dev");
  EXPECT_EQ(m.count("auroc"), 0u);
  EXPECT_EQ(m.count("auprc"), 1u);  // defined: class 1 has positives
  RunOutcome empty;
  add_split_predictions("dev", {}, {}, {}, 2, empty);
  EXPECT_TRUE(empty.predictions.empty());
  EXPECT_TRUE(empty.metrics.empty());
}

TEST(RunPredictions, MismatchedSizesThrow) {
  RunOutcome out;
  EXPECT_THROW(add_split_predictions("dev", {0, 1}, {0}, {0.5f, 0.5f, 0.5f, 0.5f}, 2, out), std::invalid_argument);
  EXPECT_THROW(add_split_predictions("dev", {0, 1}, {0, 1}, {0.5f, 0.5f}, 2, out), std::invalid_argument);
}

}  // namespace
}  // namespace lnc::trainer
