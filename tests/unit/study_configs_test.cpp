// The study's grid files (configs/*.toml) parse with LNC_MODELS / LNC_DATA pointing anywhere (nothing needs to
// exist), expand to the documented number of runs, and label every run so that the report finds its paper cell.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include "config/run_config.h"
#include "launcher/grid/grid_dry_run.h"
#include "results/report/study_cells.h"
#include "tests/unit/test_paths.h"

namespace lnc {
namespace {

results::RunRecord record_of(const config::RunConfig& p) {
  results::RunRecord r;
  r.task = p.data.task;
  r.length = p.data.length;
  r.model = p.model.name;
  r.k = p.data.k;
  return r;
}

class StudyConfigs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test_paths::scratch_dir();
    setenv("LNC_MODELS", (dir_ + "/models").c_str(), 1);
    setenv("LNC_DATA", (dir_ + "/data").c_str(), 1);
  }
  config::GridConfig load(const std::string& name) { return config::load_grid_config(test_paths::source("configs/" + name)); }
  std::string dir_;
};

TEST_F(StudyConfigs, LengthSweepIsTable1) {
  auto grid = load("length_sweep.toml");
  // 4 lengths x 4 models x 3 seeds (the paper's rows), and the chunked DNABERT row: 4 lengths x 3 seeds.
  ASSERT_EQ(grid.points.size(), 60u);
  std::map<results::StudyModel, std::set<long>> lengths;
  for (const auto& p : grid.points) {
    auto cell = results::study_cell(record_of(p));
    ASSERT_TRUE(cell && cell->model) << p.model.name;
    EXPECT_EQ(cell->task, 3);
    lengths[*cell->model].insert(cell->length);
    EXPECT_EQ(p.data.tokens.rfind(dir_ + "/data/task3_" + std::to_string(p.data.length) + "/", 0), 0u) << p.data.tokens;
    // Rows past a model's context: truncated on the right (the paper's rows), chunked (the extra row).
    const bool chunked = *cell->model == results::StudyModel::kDnabert3merChunked;
    EXPECT_EQ(p.data.long_sequences, chunked ? "chunk" : "truncate") << p.model.name;
    EXPECT_EQ(p.data.truncation_side, "right");
    if (chunked) EXPECT_EQ(p.model.architecture.family, "bert");
    if (p.model.is_baseline()) continue;
    EXPECT_EQ(p.model.pretrained.rfind(dir_ + "/models/", 0), 0u) << p.model.pretrained;
    EXPECT_DOUBLE_EQ(p.optimizer.lr, p.model.architecture.family == "esm" ? 1e-4 : 3e-5);  // the recipes
    EXPECT_EQ(p.training.global_batch_size, 32);
    // NT-500M with the study's LoRA on its NT 6-mer token file; DNABERT and DNABERT-2 in full.
    const bool nt = p.model.architecture.family == "esm";
    EXPECT_EQ(p.lora.enabled, nt) << p.model.name;
    if (nt) {
      EXPECT_EQ(p.lora.r, 8);
      EXPECT_DOUBLE_EQ(p.lora.alpha, 16.0);
      EXPECT_DOUBLE_EQ(p.lora.dropout, 0.05);
      EXPECT_EQ(p.lora.target_modules, (std::vector<std::string>{"query", "key", "value", "dense"}));
      EXPECT_EQ(p.data.k, 6);  // what `lnctrain prepare` records for the NT tokenizer (checked at run time)
      EXPECT_EQ(p.data.tokens, dir_ + "/data/task3_" + std::to_string(p.data.length) + "/task3_" +
                                   std::to_string(p.data.length) + ".nt6.h5");
    }
  }
  ASSERT_EQ(lengths.size(), 5u);
  for (const auto& [model, ls] : lengths) EXPECT_EQ(ls, (std::set<long>{300, 500, 1000, 2000}));
}

TEST_F(StudyConfigs, TasksIsTable2) {
  auto grid = load("tasks.toml");
  ASSERT_EQ(grid.points.size(), 48u);  // 4 tasks x 4 models x 3 seeds
  std::set<std::pair<int, results::StudyModel>> cells;
  for (const auto& p : grid.points) {
    auto cell = results::study_cell(record_of(p));
    ASSERT_TRUE(cell && cell->model) << p.model.name;
    EXPECT_EQ(cell->length, 300);
    cells.insert({cell->task, *cell->model});
  }
  EXPECT_EQ(cells.size(), 16u);
}

TEST_F(StudyConfigs, KmerSweepIsTable4) {
  auto grid = load("kmer_sweep.toml");
  ASSERT_EQ(grid.points.size(), 12u);  // k = 3..6 x 3 seeds
  std::set<int> ks;
  for (const auto& p : grid.points) {
    auto cell = results::study_cell(record_of(p));
    ASSERT_TRUE(cell) << p.model.name;
    EXPECT_EQ(cell->task, 2);
    EXPECT_EQ(cell->dnabert_k, p.data.k);
    EXPECT_EQ(p.data.tokens, dir_ + "/data/task2_300/task2_300.kmer" + std::to_string(p.data.k) + ".h5");
    ks.insert(cell->dnabert_k);
  }
  EXPECT_EQ(ks, (std::set<int>{3, 4, 5, 6}));
}

TEST_F(StudyConfigs, HparamSearchGivesEachSettingItsOwnLabel) {
  auto grid = load("hparam_search.toml");
  ASSERT_EQ(grid.points.size(), 18u);
  std::map<std::string, std::set<double>> lr_by_label;
  for (const auto& p : grid.points) lr_by_label[p.model.name].insert(p.optimizer.lr);
  EXPECT_EQ(lr_by_label.size(), 6u);
  for (const auto& [label, lrs] : lr_by_label) EXPECT_EQ(lrs.size(), 1u) << label;
}

TEST_F(StudyConfigs, ReproduceAllIsTheUnionAndDryRunsWithoutAnyFiles) {
  auto grid = load("reproduce_all.toml");
  // 60 + 48 + 12 + 18, less the 12 task-3 300 bp runs that Tables 1 and 2 share and the 3 task-2 DNABERT 3-mer
  // runs that Tables 2 and 4 share (their token paths are spelled differently, "...kmer3.h5" and
  // "...{tokenizer}{k}.h5", and resolve to the same file: the same run identity).
  EXPECT_EQ(grid.points.size(), 123u);
  std::set<std::string> hashes;
  for (const auto& p : grid.points) hashes.insert(p.config_hash);
  EXPECT_EQ(hashes.size(), 123u);
  for (const auto& p : grid.points) EXPECT_EQ(p.job.store, "work/study/study.sqlite");

  std::ostringstream out;
  launcher::print_dry_run(grid, 16, false, out);
  const std::string text = out.str();
  EXPECT_NE(text.find("123 point(s), 123 to run; 16 rank(s) in 16 group(s) of 1"), std::string::npos) << text;
  // The pretrained directories do not exist here: their parameter counts are unknown, not the preset's.
  EXPECT_EQ(text.find("88.5M"), std::string::npos) << text;
  EXPECT_NE(text.find("dnabert-6mer"), std::string::npos);
  EXPECT_NE(text.find("(ranks 15)"), std::string::npos) << text;  // every group gets work
}

}  // namespace
}  // namespace lnc
