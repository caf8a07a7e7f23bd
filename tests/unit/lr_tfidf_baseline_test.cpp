// The LR-on-TF-IDF baseline end to end: a small synthetic task (unit), and GUE prom_300_notata against
// scikit-learn (Integration*, reads the shipped data/assets/gue files; ~10 s).
#include "trainer/baseline/lr_tfidf_baseline.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>

#include "base/line_reader.h"
#include "tests/unit/test_paths.h"
#include "base/metrics/classification_metrics.h"

namespace lnc::trainer {
namespace {

// Random 40-mers; class 1 carries "TATAAA" at a random place.
void synthetic(std::mt19937& rng, int n, std::vector<std::string>& seqs, std::vector<int>& labels) {
  const char bases[] = "ACGT";
  for (int i = 0; i < n; ++i) {
    std::string s(40, 'A');
    for (char& c : s) c = bases[rng() % 4];
    int label = i % 2;
    if (label) s.replace(rng() % 30, 6, "TATAAA");
    seqs.push_back(s);
    labels.push_back(label);
  }
}

TEST(LrTfidfBaseline, LearnsAMotifAndSelectsCOnDev) {
  std::mt19937 rng(7);
  std::vector<std::string> train, dev, test;
  std::vector<int> ytrain, ydev, ytest;
  synthetic(rng, 400, train, ytrain);
  synthetic(rng, 100, dev, ydev);
  synthetic(rng, 100, test, ytest);
  LrTfidfConfig cfg;
  cfg.c_values = {0.001, 1.0, 10.0};
  BaselineResult r = run_lr_tfidf(train, ytrain, dev, ydev, test, cfg);
  ASSERT_EQ(r.dev_mcc_by_c.size(), 3u);
  // The chosen C has the best dev MCC.
  for (double m : r.dev_mcc_by_c) EXPECT_LE(m, metrics::compute_metrics(ydev, r.dev.predictions).mcc + 1e-12);
  EXPECT_NE(r.chosen_c, 0.001);
  EXPECT_EQ(r.classes, (std::vector<int>{0, 1}));
  ASSERT_EQ(r.test.predictions.size(), 100u);
  ASSERT_EQ(r.test.scores.size(), 200u);
  EXPECT_GT(metrics::compute_metrics(ytest, r.test.predictions).mcc, 0.8);
  for (std::size_t i = 0; i < 100; ++i) {
    EXPECT_NEAR(r.test.scores[2 * i] + r.test.scores[2 * i + 1], 1.0, 1e-9);
    EXPECT_EQ(r.test.predictions[i], r.test.scores[2 * i + 1] > r.test.scores[2 * i] ? 1 : 0);
  }
}

TEST(LrTfidfBaseline, RejectsBadConfigurations) {
  std::vector<std::string> s{"ACGTACGT", "TTTTAAAA"};
  std::vector<int> y{0, 1};
  LrTfidfConfig cfg;
  cfg.c_values = {};
  EXPECT_THROW(run_lr_tfidf(s, y, s, y, s, cfg), std::invalid_argument);
  cfg.c_values = {1.0, 2.0};
  EXPECT_THROW(run_lr_tfidf(s, y, {}, {}, s, cfg), std::invalid_argument);  // selection without dev
  cfg.c_values = {1.0};
  EXPECT_THROW(run_lr_tfidf(s, {0}, s, y, s, cfg), std::invalid_argument);
}

// GUE CSV: header "sequence,label", then one row per sequence.
void read_gue_csv(const std::string& path, std::vector<std::string>& seqs, std::vector<int>& labels) {
  LineReader in(path);
  std::string line;
  ASSERT_TRUE(in.next(line));
  ASSERT_EQ(line, "sequence,label");
  while (in.next(line)) {
    auto comma = line.find(',');
    ASSERT_NE(comma, std::string::npos) << path << ":" << in.line_number();
    seqs.push_back(line.substr(0, comma));
    labels.push_back(std::stoi(line.substr(comma + 1)));
  }
}

// Acceptance: lnctrain's baseline within 0.5 MCC points (x100) of scikit-learn's on the shipped GUE data
// (train = dev.csv.gz, test = test.csv.gz). Reference: `python3 tests/reference/sklearn_baseline.py` with
// scikit-learn 1.9.1 printed test MCC x100 = 83.5218 for LogisticRegression() defaults (lbfgs, which stops early)
// and 83.1852 for the same objective converged (see trainer/baseline/README.md).
TEST(IntegrationBaselineVsSklearn, Prom300NotataMccWithinHalfAPoint) {
  constexpr double kSklearnMccX100 = 83.5218;
  constexpr double kSklearnConvergedMccX100 = 83.1852;
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::string> train, test;
  std::vector<int> ytrain, ytest;
  read_gue_csv(test_paths::source("data/assets/gue/prom_300_notata/dev.csv.gz"), train, ytrain);
  read_gue_csv(test_paths::source("data/assets/gue/prom_300_notata/test.csv.gz"), test, ytest);
  ASSERT_EQ(train.size(), 5307u);
  ASSERT_EQ(test.size(), 5307u);
  BaselineResult r = run_lr_tfidf(train, ytrain, {}, {}, test, LrTfidfConfig{});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const metrics::ClassificationMetrics m = metrics::compute_metrics(ytest, r.test.predictions);
  std::printf("lnctrain LR-TF-IDF: %zu features, test MCC x100 %.4f accuracy %.4f macro F1 %.4f, end-to-end %.2f s\n",
              r.num_features, 100 * m.mcc, m.accuracy, m.f1, seconds);
  EXPECT_EQ(r.num_features, 1344u);  // 64 3-mers + 256 bigrams + 1024 trigrams of overlapping 3-mers, as sklearn
  EXPECT_NEAR(100 * m.mcc, kSklearnMccX100, 0.5);
  EXPECT_NEAR(100 * m.mcc, kSklearnConvergedMccX100, 0.01);
}

}  // namespace
}  // namespace lnc::trainer
