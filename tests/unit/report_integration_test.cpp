// Issue 7 end to end: a grid of tiny BERT runs under mpirun (both ranks in one group, so each importance row is
// computed by one rank and gathered) stores test-split attention importances and the token file's dataset
// statistics on rank 0, and `lnctrain report` draws Figure 2 and the dataset table from them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>

#include "results/store/results_store.h"
#include "tests/unit/grid_test_support.h"

namespace lnc {
namespace {

using namespace test_paths;

// Width and height from a PNG's IHDR chunk (big-endian at bytes 16..23); 0x0 if the file is not a PNG.
std::pair<std::uint32_t, std::uint32_t> png_size(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char b[24] = {};
  in.read(reinterpret_cast<char*>(b), sizeof b);
  if (!in || b[1] != 'P' || b[2] != 'N' || b[3] != 'G') return {0, 0};
  auto be = [&](int o) { return (std::uint32_t(b[o]) << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]; };
  return {be(16), be(20)};
}

TEST(IntegrationReport, GridStoresImportanceAndDatasetStatisticsAndReportDrawsThem) {
  const std::string dir = scratch_dir();
  const std::string tokens = prepare_toy_tokens(dir);  // train.csv 160 rows (dev 20% carved off), test.csv 64
  const std::string store_path = dir + "/r.sqlite";
  const std::string grid = dir + "/r.toml";
  // Seed 1: every test row; seed 2: at most 20 rows; seed 3: importance off.
  std::ofstream(grid) << toy_grid_head(store_path, dir + "/r_runs", tokens, 2) << "max_steps = 10\n"
                      << "[parallelism]\ngroup_size = 2\n"
                      << "[[grid.zip]]\n\"training.seed\" = [1, 2, 3]\n"
                      << "\"evaluation.importance_max_sequences\" = [0, 20, 0]\n"
                      << "\"evaluation.importance\" = [true, true, false]\n";
  auto run = run_command(mpirun(2) + lnctrain("--grid " + grid));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("attention importance: 64 test rows"), std::string::npos) << run.output;

  std::map<std::int64_t, std::int64_t> run_of_seed;
  {
    results::ResultsStore store(store_path, true);
    ASSERT_EQ(store.runs().size(), 3u);
    for (const auto& r : store.runs()) {
      EXPECT_EQ(r.status, "done") << r.error;
      run_of_seed[r.seed] = r.id;
      const auto rows = store.importance(r.id, "test");
      const std::size_t expected = r.seed == 1 ? 64 : r.seed == 2 ? 20 : 0;
      ASSERT_EQ(rows.size(), expected) << "seed " << r.seed;
      for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        // Strided choice: row floor(i * 64 / n); the toy test file alternates labels 0, 1, 0, ...
        EXPECT_EQ(row.sample, static_cast<std::int64_t>(i * 64 / rows.size()));
        EXPECT_EQ(row.label, row.sample % 2);
        ASSERT_TRUE(row.prediction.has_value());
        EXPECT_TRUE(*row.prediction == 0 || *row.prediction == 1);
        ASSERT_EQ(row.scores.size(), 48u);  // one per base of the 48-base window
        double norm2 = 0;
        for (float v : row.scores) {
          EXPECT_GE(v, 0.0f);
          norm2 += double(v) * v;
        }
        EXPECT_NEAR(std::sqrt(norm2), 1.0, 1e-5) << "sample " << row.sample;
      }
    }
    // Split statistics of the toy token file: test 32 + 32, train 128 and dev 32 that share 80 + 80, 48 bases each.
    std::map<std::pair<std::string, std::int64_t>, results::SplitStatRecord> stats;
    for (const auto& s : store.split_stats()) {
      EXPECT_EQ(s.dataset, "toy");
      stats[{s.split, s.label}] = s;
    }
    ASSERT_EQ(stats.size(), 9u);  // 3 splits x (label 0, label 1, all)
    auto at = [&](const std::string& split, std::int64_t label) { return stats[std::make_pair(split, label)]; };
    EXPECT_EQ(at("test", 0).examples, 32);
    EXPECT_EQ(at("test", 1).examples, 32);
    EXPECT_EQ(at("test", -1).examples, 64);
    EXPECT_EQ(at("train", -1).examples, 128);
    EXPECT_EQ(at("dev", -1).examples, 32);
    EXPECT_EQ(at("train", 0).examples + at("dev", 0).examples, 80);
    EXPECT_EQ(at("train", 1).examples + at("dev", 1).examples, 80);
    for (auto& [key, s] : stats) {
      EXPECT_EQ(s.min_bases.value_or(-1), 48);
      EXPECT_EQ(s.max_bases.value_or(-1), 48);
      EXPECT_EQ(s.mean_bases.value_or(-1), 48.0);
    }
    EXPECT_TRUE(store.dataset_stats().empty());  // the toy builder reads no expression data
  }

  const std::string out = dir + "/report";
  auto report = run_command(lnctrain("report --store " + store_path + " --out " + out));
  ASSERT_EQ(report.exit_code, 0) << report.output;
  for (std::int64_t seed : {1, 2}) {
    const std::string stem = out + "/figure2_run" + std::to_string(run_of_seed[seed]);
    EXPECT_EQ(png_size(stem + "_heatmap.png"), std::make_pair(1200u, 700u)) << stem;
    EXPECT_EQ(png_size(stem + "_mean.png"), std::make_pair(900u, 500u)) << stem;
  }
  EXPECT_FALSE(file_exists(out + "/figure2_run" + std::to_string(run_of_seed[3]) + "_heatmap.png"));
  const std::string page = read_text(out + "/report.md");
  EXPECT_NE(page.find("grouped by the task's class label"), std::string::npos) << page;
  EXPECT_NE(page.find("### Motifs"), std::string::npos) << page;  // the motif section (docs/interpretability.md)
  const std::string splits = read_text(out + "/table3_splits.csv");
  EXPECT_NE(splits.find("table3_splits,toy / test,examples,1,64.000000,"), std::string::npos) << splits;
  EXPECT_NE(splits.find("table3_splits,toy / test,label 0,1,32.000000,"), std::string::npos) << splits;
  EXPECT_NE(splits.find("table3_splits,toy / test,label 1,1,32.000000,"), std::string::npos) << splits;
  EXPECT_NE(splits.find("table3_splits,toy / train,examples,1,128.000000,"), std::string::npos) << splits;
  EXPECT_NE(splits.find("table3_splits,toy / dev,mean bases,1,48.000000,"), std::string::npos) << splits;
  EXPECT_TRUE(file_exists(out + "/table3_splits.md"));
  EXPECT_TRUE(file_exists(out + "/table3_splits.tex"));
  // Table 3 proper (expression) stays missing: no dataset of this store has GTEx statistics.
  const std::string t3 = read_text(out + "/table3.csv");
  EXPECT_NE(t3.find("table3,protein_coding,mean TPM,0,,,,,"), std::string::npos) << t3;
}

}  // namespace
}  // namespace lnc
