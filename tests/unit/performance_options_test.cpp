// The performance switches: [training] overlap_allreduce / precision / length_bucketing parsing, the length-bucketed
// global order (a permutation, similar lengths per batch, defined globally), and the bf16 autocast scope.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <fstream>
#include <numeric>

#include "data/batching/global_batch_plan.h"
#include "data/batching/length_buckets.h"
#include "base/input_error.h"
#include "config/run_config.h"
#include "tests/unit/test_paths.h"
#include "trainer/components/autocast_scope.h"

namespace lnc {
namespace {

const char* kRun = R"(
[job]
name = "t"
store = "s.sqlite"
[data]
task = "prom"
length = 300
tokens = "tok.h5"
[model]
family = "bert"
preset = "tiny"
)";

config::GridConfig load(const std::string& extra) {
  std::string path = test_paths::scratch_dir() + "/perf.toml";
  std::ofstream(path) << kRun << extra;
  return config::load_grid_config(path);
}

TEST(PerformanceConfig, DefaultsAndSwitches) {
  auto defaults = load("").points.at(0).training;
  EXPECT_TRUE(defaults.overlap_allreduce);
  EXPECT_EQ(defaults.precision, "fp32");
  EXPECT_FALSE(defaults.length_bucketing);
  auto set = load("[training]\noverlap_allreduce = false\nprecision = \"bf16\"\nlength_bucketing = true\n"
                  "length_bucket_window = 8\n")
                 .points.at(0)
                 .training;
  EXPECT_FALSE(set.overlap_allreduce);
  EXPECT_EQ(set.precision, "bf16");
  EXPECT_TRUE(set.length_bucketing);
  EXPECT_EQ(set.length_bucket_window, 8);
}

TEST(PerformanceConfig, BadPrecisionNamesTheKey) {
  try {
    load("[training]\nprecision = \"fp16\"\n");
    FAIL() << "fp16 accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("precision"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load("[training]\nlength_bucket_window = 0\n"), InputError);
}

std::vector<std::int32_t> lengths_for(std::int64_t n) {
  std::vector<std::int32_t> lengths(n);
  for (std::int64_t i = 0; i < n; ++i) lengths[i] = static_cast<std::int32_t>((i * 37) % 101 + 5);
  return lengths;
}

TEST(LengthBuckets, PermutationWithLessPaddingAndShortBatchLast) {
  const std::int64_t n = 1003, g = 10;
  auto lengths = lengths_for(n);
  data::GlobalBatchPlan plan(n, g, 9);
  auto order = plan.epoch_order(0);
  auto bucketed = data::length_bucketed_order(order, lengths, g, 5, 9, 0);
  auto sorted = bucketed;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::int64_t> all(n);
  std::iota(all.begin(), all.end(), 0);
  EXPECT_EQ(sorted, all);
  // Padding = sum over batches of (rows x longest - real tokens).
  auto padding = [&](const std::vector<std::int64_t>& o) {
    std::int64_t pad = 0;
    for (std::int64_t b = 0; b < plan.batches_per_epoch(); ++b) {
      auto rows = plan.global_batch(o, b);
      std::int32_t longest = 0;
      for (auto r : rows) longest = std::max(longest, lengths[r]);
      for (auto r : rows) pad += longest - lengths[r];
    }
    return pad;
  };
  EXPECT_LT(padding(bucketed) * 3, padding(order));
  // Windows are whole: each window of 50 positions holds the same rows as before.
  for (std::int64_t w = 0; w < n; w += 50) {
    const auto end = std::min(n, w + 50);
    std::vector<std::int64_t> a(order.begin() + w, order.begin() + end), b(bucketed.begin() + w, bucketed.begin() + end);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b) << "window at " << w;
  }
  // The short last batch (3 rows) stays last.
  EXPECT_EQ(plan.global_batch(bucketed, plan.batches_per_epoch() - 1).size(), 3u);
}

TEST(LengthBuckets, BatchOrderInsideAWindowIsShuffledByEpochAndRankIndependent) {
  const std::int64_t n = 400, g = 8;
  auto lengths = lengths_for(n);
  data::GlobalBatchPlan plan(n, g, 3);
  auto order = plan.epoch_order(1);
  auto first = data::length_bucketed_order(order, lengths, g, 50, 3, 1);
  EXPECT_EQ(first, data::length_bucketed_order(order, lengths, g, 50, 3, 1));  // a function of its inputs only
  EXPECT_NE(first, data::length_bucketed_order(order, lengths, g, 50, 3, 2));
  // Not a short-to-long sweep: the batch maxima are not sorted.
  std::vector<std::int32_t> maxima;
  for (std::int64_t b = 0; b < plan.batches_per_epoch(); ++b) {
    std::int32_t m = 0;
    for (auto r : plan.global_batch(first, b)) m = std::max(m, lengths[r]);
    maxima.push_back(m);
  }
  EXPECT_FALSE(std::is_sorted(maxima.begin(), maxima.end()));
  // Ranks slice the same global batches: the union of 3 ranks' rows is the global batch.
  for (std::int64_t b = 0; b < 5; ++b) {
    std::vector<std::int64_t> joined;
    for (int r = 0; r < 3; ++r) {
      auto rows = plan.rank_rows(first, b, r, 3);
      joined.insert(joined.end(), rows.begin(), rows.end());
    }
    EXPECT_EQ(joined, plan.global_batch(first, b));
  }
  std::vector<std::int32_t> short_lengths(5, 1);
  EXPECT_THROW(data::length_bucketed_order(order, short_lengths, g, 50, 3, 1), std::out_of_range);
}

TEST(AutocastScope, Bf16InsideFloatOutsideAndNestedRestore) {
  auto a = torch::randn({4, 8}), b = torch::randn({8, 3});
  EXPECT_EQ(torch::matmul(a, b).scalar_type(), torch::kFloat32);
  {
    trainer::AutocastScope outer(true, c10::DeviceType::CPU);
    EXPECT_EQ(torch::matmul(a, b).scalar_type(), torch::kBFloat16);
    {
      trainer::AutocastScope inner(true, c10::DeviceType::CPU);
      EXPECT_EQ(torch::matmul(a, b).scalar_type(), torch::kBFloat16);
    }
    EXPECT_EQ(torch::matmul(a, b).scalar_type(), torch::kBFloat16);  // the inner scope restored "enabled"
    trainer::AutocastScope off(false, c10::DeviceType::CPU);           // a disabled scope changes nothing
    EXPECT_EQ(torch::matmul(a, b).scalar_type(), torch::kBFloat16);
  }
  EXPECT_EQ(torch::matmul(a, b).scalar_type(), torch::kFloat32);
  // Gradients reach fp32 parameters through a bf16 forward.
  auto w = torch::randn({8, 3}, torch::requires_grad());
  torch::Tensor y;
  {
    trainer::AutocastScope scope(true, c10::DeviceType::CPU);
    y = torch::matmul(a, w);
  }
  y.to(torch::kFloat32).sum().backward();
  ASSERT_TRUE(w.grad().defined());
  EXPECT_EQ(w.grad().scalar_type(), torch::kFloat32);
}

}  // namespace
}  // namespace lnc
