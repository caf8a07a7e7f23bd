// The paired bootstrap of the MCC difference (results/report/paired_bootstrap.h) on constructed cases whose answer
// is known without resampling, and the report's pairing of stored runs (results/report/paired_comparisons.h).
#include <gtest/gtest.h>

#include <stdexcept>

#include "results/report/paired_bootstrap.h"
#include "results/report/paired_comparisons.h"
#include "results/store/prediction_records.h"
#include "results/store/results_store.h"
#include "tests/unit/test_paths.h"

namespace lnc::results {
namespace {

std::vector<int> alternating(std::size_t n) {
  std::vector<int> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<int>(i % 2);
  return v;
}

// A perfect model against a constant one: MCC 1 and 0 on every resample that holds both classes (all of them, for
// 100 balanced rows, but with probability 2^-99), so D* = 1 always: CI [1, 1] and no resample as far from D as 0.
PairedSeed perfect_vs_constant() {
  PairedSeed s;
  s.labels = alternating(100);
  s.predictions_a = s.labels;
  s.predictions_b.assign(100, 0);
  return s;
}

TEST(PairedBootstrap, PerfectAgainstConstantHasTheSmallestPValue) {
  const auto r = paired_bootstrap_mcc({perfect_vs_constant()});
  EXPECT_EQ(r.seeds, 1u);
  EXPECT_DOUBLE_EQ(r.mcc_a, 1.0);
  EXPECT_DOUBLE_EQ(r.mcc_b, 0.0);
  EXPECT_DOUBLE_EQ(r.difference, 1.0);
  EXPECT_DOUBLE_EQ(r.ci_low, 1.0);
  EXPECT_DOUBLE_EQ(r.ci_high, 1.0);
  EXPECT_DOUBLE_EQ(r.p_value, 1.0 / 10001.0);
  // Swapped: the difference and the interval change sign, p does not.
  PairedSeed swapped = perfect_vs_constant();
  std::swap(swapped.predictions_a, swapped.predictions_b);
  const auto s = paired_bootstrap_mcc({swapped});
  EXPECT_DOUBLE_EQ(s.difference, -1.0);
  EXPECT_DOUBLE_EQ(s.ci_low, -1.0);
  EXPECT_DOUBLE_EQ(s.p_value, r.p_value);
}

TEST(PairedBootstrap, IdenticalModelsDifferByZeroWithPOne) {
  PairedSeed s;
  s.labels = alternating(60);
  s.predictions_a = s.labels;
  for (std::size_t i = 0; i < 60; i += 7) s.predictions_a[i] = 1 - s.predictions_a[i];  // some errors
  s.predictions_b = s.predictions_a;
  const auto r = paired_bootstrap_mcc({s});
  EXPECT_DOUBLE_EQ(r.difference, 0.0);
  EXPECT_DOUBLE_EQ(r.ci_low, 0.0);
  EXPECT_DOUBLE_EQ(r.ci_high, 0.0);
  EXPECT_DOUBLE_EQ(r.p_value, 1.0);
}

TEST(PairedBootstrap, SeedsAreCombinedByTheirMeanDifference) {
  // Seed 1: D = 1 on every resample; seed 2: identical models, D = 0 on every resample. Combined: exactly 0.5.
  PairedSeed same;
  same.labels = alternating(40);
  same.predictions_a = same.labels;
  same.predictions_a[3] = 0;
  same.predictions_b = same.predictions_a;
  const auto r = paired_bootstrap_mcc({perfect_vs_constant(), same});
  EXPECT_EQ(r.seeds, 2u);
  EXPECT_DOUBLE_EQ(r.difference, 0.5);
  EXPECT_DOUBLE_EQ(r.ci_low, 0.5);
  EXPECT_DOUBLE_EQ(r.ci_high, 0.5);
  EXPECT_DOUBLE_EQ(r.p_value, 1.0 / 10001.0);
}

TEST(PairedBootstrap, NoisyDifferenceHasAnIntervalAroundItAndIsDeterministic) {
  // A is right on every row, B wrong on 10 of 200: a real but small difference, significant at 5%.
  PairedSeed s;
  s.labels = alternating(200);
  s.predictions_a = s.labels;
  s.predictions_b = s.labels;
  for (std::size_t i = 0; i < 200; i += 20) s.predictions_b[i] = 1 - s.predictions_b[i];
  const auto r = paired_bootstrap_mcc({s});
  EXPECT_GT(r.difference, 0.05);
  EXPECT_LT(r.ci_low, r.difference);
  EXPECT_GT(r.ci_high, r.difference);
  EXPECT_GT(r.ci_low, 0.0);
  EXPECT_LT(r.p_value, 0.05);
  const auto again = paired_bootstrap_mcc({s});
  EXPECT_EQ(again.ci_low, r.ci_low);
  EXPECT_EQ(again.p_value, r.p_value);
}

TEST(PairedBootstrap, BadInputThrows) {
  EXPECT_THROW(paired_bootstrap_mcc({}), std::invalid_argument);
  EXPECT_THROW(paired_bootstrap_mcc({PairedSeed{}}), std::invalid_argument);
  PairedSeed uneven{{0, 1}, {0, 1}, {0}};
  EXPECT_THROW(paired_bootstrap_mcc({uneven}), std::invalid_argument);
}

// Stored runs: two models on the same task, length and two seeds, and a third model on another length.
TEST(PairedComparisons, PairsModelsOnSharedSeedsAndFlagsCollapsedRuns) {
  const std::string path = test_paths::scratch_dir() + "/store.sqlite";
  ResultsStore store(path);
  auto add = [&](const std::string& model, std::int64_t length, std::int64_t seed, const std::vector<int>& predictions,
                 double mcc) {
    RunRecord r;
    r.config_hash = model + std::to_string(length) + "s" + std::to_string(seed);
    r.config_text = "x";
    r.grid_name = "g";
    r.task = "toy";
    r.length = length;
    r.model = model;
    r.tokenizer = "kmer";
    r.k = 3;
    r.seed = seed;
    const auto id = store.register_run(r);
    store.mark_running(id, 1);
    std::vector<PredictionRecord> rows;
    const auto labels = alternating(predictions.size());
    for (std::size_t i = 0; i < predictions.size(); ++i)
      rows.push_back({id, "test", static_cast<std::int64_t>(i), labels[i], predictions[i], {0.5f, 0.5f}});
    put_predictions(store, id, rows);
    store.finish_run(id, "done", "", 1, {{id, "test", std::nullopt, "mcc", mcc}});
  };
  const auto perfect = alternating(100);
  const std::vector<int> constant(100, 0);
  add("bert", 300, 1, perfect, 1.0);
  add("bert", 300, 2, perfect, 1.0);
  add("lr", 300, 1, constant, 0.0);
  add("lr", 300, 2, constant, 0.0);
  add("lr", 300, 3, constant, 0.0);  // no partner seed
  add("other", 500, 1, perfect, 1.0);
  add("bert", 300, 3, constant, 0.01);  // collapsed: bert's other seeds score 1.0

  const auto c = paired_comparisons(store);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].model_a, "bert (kmer 3)");
  EXPECT_EQ(c[0].model_b, "lr (kmer 3)");
  EXPECT_EQ(c[0].result.seeds, 3u);  // seeds 1, 2, 3 (bert's collapsed seed 3 pairs with lr's)
  EXPECT_NEAR(c[0].result.difference, 2.0 / 3.0, 1e-12);
  const auto collapsed = collapsed_runs(store);
  ASSERT_EQ(collapsed.size(), 1u);
  EXPECT_EQ(collapsed[0].seed, 3);
  EXPECT_DOUBLE_EQ(collapsed[0].others_median, 1.0);
  const std::string md = paired_comparisons_markdown(c, collapsed);
  EXPECT_NE(md.find("paired bootstrap"), std::string::npos) << md;
  EXPECT_NE(md.find("| toy | 300 | bert (kmer 3) | lr (kmer 3) | 3 | "), std::string::npos) << md;
  EXPECT_NE(md.find("seed 3): MCC x100 1.00"), std::string::npos) << md;
  EXPECT_EQ(paired_comparisons_csv(c).substr(0, 5), "task,");
}

}  // namespace
}  // namespace lnc::results
