// Grid files: zipped axes, includes, family recipes, ${ENV} paths, grid unions, [parallelism].
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include "base/input_error.h"
#include "config/run_config.h"
#include "launcher/grid/rank_groups.h"
#include "tests/unit/test_paths.h"

namespace lnc::config {
namespace {

const char* kHead = R"([job]
store = "s.sqlite"
[data]
task = "prom"
tokens = "tok/{task}.kmer{k}.h5"
[model]
family = "bert"
)";

class GridFiles : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = test_paths::scratch_dir(); }
  std::string put(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name) << text;
    return dir_ + "/" + name;
  }
  std::string error_of(const std::string& path) {
    try {
      load_grid_config(path);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
  std::string dir_;
};

TEST_F(GridFiles, ZippedAxesVaryTogetherAndCrossWithPlainAxes) {
  auto grid = load_grid_config(put("g.toml", std::string(kHead) + R"(
[grid]
"training.seed" = [1, 2, 3]
[[grid.zip]]
"data.k" = [3, 4]
"model.name" = ["dnabert-3mer", "dnabert-4mer"]
)"));
  ASSERT_EQ(grid.points.size(), 6u);
  std::set<std::string> hashes;
  for (const auto& p : grid.points) {
    EXPECT_EQ(p.model.name, "dnabert-" + std::to_string(p.data.k) + "mer");
    EXPECT_EQ(p.data.tokens, "tok/prom.kmer" + std::to_string(p.data.k) + ".h5");
    hashes.insert(p.config_hash);
  }
  EXPECT_EQ(hashes.size(), 6u);
  EXPECT_EQ(grid.points[0].training.seed, 1);  // first axis slowest
  EXPECT_EQ(grid.points[1].training.seed, 1);
  EXPECT_EQ(grid.points[1].data.k, 4);
}

TEST_F(GridFiles, ZippedArraysOfDifferentLengthsAreAnErrorWithTheLine) {
  auto msg = error_of(put("g.toml", std::string(kHead) + R"(
[[grid.zip]]
"data.k" = [3, 4]
"model.name" = ["a", "b", "c"]
)"));
  EXPECT_NE(msg.find("g.toml:11: key 'grid.zip.model.name': zipped arrays must have equal lengths"), std::string::npos) << msg;
  auto twice = error_of(put("h.toml", std::string(kHead) + "[grid]\n\"data.k\" = [3]\n[[grid.zip]]\n\"data.k\" = [4]\n"));
  EXPECT_NE(twice.find("varied by two axes"), std::string::npos) << twice;
}

TEST_F(GridFiles, IncludesMergeBeforeTheFilesOwnKeysRelativeToTheIncludingFile) {
  std::system(("mkdir -p " + dir_ + "/sub").c_str());
  put("sub/base.toml", std::string(kHead) + "[optimizer]\nlr = 1e-3\nweight_decay = 0.5\n[training]\nepochs = 7\n");
  put("sub/mid.toml", "include = [\"base.toml\"]\n[training]\nepochs = 5\n");
  auto grid = load_grid_config(put("top.toml", "include = [\"sub/mid.toml\"]\n[optimizer]\nlr = 2e-3\n"));
  ASSERT_EQ(grid.points.size(), 1u);
  const auto& p = grid.points[0];
  EXPECT_DOUBLE_EQ(p.optimizer.lr, 2e-3);           // own key wins
  EXPECT_DOUBLE_EQ(p.optimizer.weight_decay, 0.5);  // from the base, merged per key
  EXPECT_EQ(p.training.epochs, 5);                  // the nearer include wins
  EXPECT_EQ(p.data.task, "prom");

  // Errors in included keys name the key; cycles and missing files name the include.
  put("sub/bad.toml", "include = [\"base.toml\"]\n[training]\nepochs = \"x\"\n");
  auto bad = error_of(put("b.toml", "include = [\"sub/bad.toml\"]\n"));
  EXPECT_NE(bad.find("key 'training.epochs': expected an integer"), std::string::npos) << bad;
  EXPECT_NE(bad.find("sub/bad.toml:3:"), std::string::npos) << bad;
  put("c1.toml", "include = [\"c2.toml\"]\n");
  put("c2.toml", "include = [\"c1.toml\"]\n");
  EXPECT_NE(error_of(dir_ + "/c1.toml").find("include cycle"), std::string::npos);
  auto missing = error_of(put("m.toml", "include = [\"nope.toml\"]\n"));
  EXPECT_NE(missing.find("m.toml:1: key 'include'"), std::string::npos) << missing;
}

TEST_F(GridFiles, FamilyRecipesFillOnlyKeysThePointDoesNotSet) {
  auto grid = load_grid_config(put("g.toml", std::string(kHead) + R"(
[recipes.esm.training]
global_batch_size = 16
[grid]
"model.family" = ["bert", "esm", "dnabert2"]
"optimizer.weight_decay" = [0.0]
)"));
  ASSERT_EQ(grid.points.size(), 3u);
  const auto& bert = grid.points[0];
  const auto& esm = grid.points[1];
  const auto& dnabert2 = grid.points[2];
  // Built-in DNABERT recipe.
  EXPECT_DOUBLE_EQ(bert.optimizer.lr, 3e-5);
  EXPECT_EQ(bert.training.global_batch_size, 32);
  EXPECT_EQ(bert.scheduler.warmup_steps, 50);
  EXPECT_EQ(bert.scheduler.decay, "linear");
  EXPECT_DOUBLE_EQ(bert.optimizer.weight_decay, 0.0);  // the axis wins over the recipe
  // NT recipe, with the grid's [recipes.esm] over the built-in batch size; no leak into the next point.
  EXPECT_DOUBLE_EQ(esm.optimizer.lr, 1e-4);
  EXPECT_EQ(esm.training.global_batch_size, 16);
  EXPECT_DOUBLE_EQ(dnabert2.optimizer.lr, 3e-5);
  EXPECT_EQ(dnabert2.training.global_batch_size, 32);
  // The applied recipe is part of the identity.
  EXPECT_NE(bert.canonical_toml.find("\noptimizer.lr = 3e-05\n"), std::string::npos) << bert.canonical_toml;
  EXPECT_NE(esm.canonical_toml.find("\noptimizer.lr = 1e-04\n"), std::string::npos) << esm.canonical_toml;
  EXPECT_NE(esm.canonical_toml.find("\ntraining.global_batch_size = 16\n"), std::string::npos) << esm.canonical_toml;

  auto explicit_lr = load_grid_config(put("e.toml", std::string(kHead) + "[optimizer]\nlr = 1e-3\n"));
  EXPECT_DOUBLE_EQ(explicit_lr.points[0].optimizer.lr, 1e-3);
  auto unknown = error_of(put("u.toml", std::string(kHead) + "[recipes.gpt.optimizer]\nlr = 1.0\n"));
  EXPECT_NE(unknown.find("key 'recipes.gpt': unknown model family"), std::string::npos) << unknown;
  auto bad_key = error_of(put("k.toml", std::string(kHead) + "[recipes.bert.optimizer]\nlearning_rate = 1.0\n"));
  EXPECT_NE(bad_key.find("k.toml:9: key 'optimizer.learning_rate'"), std::string::npos) << bad_key;
}

TEST_F(GridFiles, EnvironmentVariablesExpandInPathsAndAMissingOneNamesTheKey) {
  setenv("LNC_TEST_DATA", "/data/x", 1);
  setenv("LNC_TEST_MODELS", "/models", 1);
  const std::string text = std::string(kHead) +
                           "[grid]\n\"data.tokens\" = [\"${LNC_TEST_DATA}/{task}.h5\"]\n"
                           "\"job.output_dir\" = [\"${LNC_TEST_DATA}/runs\"]\n";
  auto grid = load_grid_config(put("g.toml", text));
  EXPECT_EQ(grid.points[0].data.tokens, "/data/x/prom.h5");
  EXPECT_EQ(grid.points[0].job.output_dir, "/data/x/runs");
  const std::string hash = grid.points[0].config_hash;
  setenv("LNC_TEST_DATA", "/elsewhere", 1);  // another cluster: the same run
  EXPECT_EQ(load_grid_config(put("g.toml", text)).points[0].config_hash, hash);

  unsetenv("LNC_TEST_UNSET");
  auto msg = error_of(put("m.toml", std::string(kHead) + "pretrained = \"${LNC_TEST_UNSET}/dnabert\"\n"));
  EXPECT_NE(msg.find("m.toml:8: key 'model.pretrained': environment variable LNC_TEST_UNSET is not set"),
            std::string::npos)
      << msg;
}

TEST_F(GridFiles, GridUnionRunsSharedPointsOnceUnderItsOwnJob) {
  put("a.toml", std::string(kHead) + "[grid]\n\"training.seed\" = [1, 2]\n");
  put("b.toml", std::string(kHead) + "[grid]\n\"training.seed\" = [2, 3]\n");
  auto grid = load_grid_config(
      put("all.toml", "grids = [\"a.toml\", \"b.toml\"]\n[job]\nstore = \"all.sqlite\"\n[parallelism]\ngroup_size = 2\n"));
  ASSERT_EQ(grid.points.size(), 3u);
  for (const auto& p : grid.points) EXPECT_EQ(p.job.store, "all.sqlite");
  EXPECT_EQ(grid.parallelism.group_size, 2);
  auto extra = error_of(put("x.toml", "grids = [\"a.toml\"]\n[data]\ntask = \"t\"\n"));
  EXPECT_NE(extra.find("key 'data'"), std::string::npos) << extra;
}

TEST(GroupSize, DefaultsAndDivisibility) {
  using launcher::resolve_group_size;
  EXPECT_EQ(resolve_group_size(0, 8, 1, "g"), 8);   // one point: all ranks on it
  EXPECT_EQ(resolve_group_size(0, 8, 5, "g"), 1);   // several: one rank each
  EXPECT_EQ(resolve_group_size(4, 8, 5, "g"), 4);
  EXPECT_THROW(resolve_group_size(3, 8, 5, "g"), InputError);
  EXPECT_EQ(launcher::group_ranks_label(1, 4), "4-7");
  EXPECT_EQ(launcher::group_ranks_label(3, 1), "3");
}

}  // namespace
}  // namespace lnc::config
