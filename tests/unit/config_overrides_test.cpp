// --set KEY=VALUE (config/config_overrides.h): precedence over the file and its recipes, axes added, replaced and
// dropped, list-valued keys, the same identity as the file that says the same thing, and errors naming --set.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "base/input_error.h"
#include "config/config_overrides.h"
#include "config/run_config.h"
#include "tests/unit/test_paths.h"

namespace lnc::config {
namespace {

const char* kGrid = R"([job]
store = "s.sqlite"
[data]
task = "prom"
length = 300
tokens = "tok/{task}.kmer{k}.h5"
[model]
family = "bert"
preset = "tiny"
[optimizer]
lr = 1e-3
[recipes.bert.optimizer]
weight_decay = 0.05
[grid]
"training.seed" = [1, 2]
)";

class ConfigOverrides : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = test_paths::scratch_dir(); }
  std::string put(const std::string& text) {
    const std::string path = dir_ + "/g" + std::to_string(++files_) + ".toml";
    std::ofstream(path) << text;
    return path;
  }
  GridConfig load(const std::string& text, const std::vector<std::string>& sets) {
    return load_grid_config(put(text), parse_overrides(sets));
  }
  std::string error_of(const std::string& text, const std::vector<std::string>& sets) {
    try {
      load(text, sets);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
  std::string dir_;
  int files_ = 0;
};

TEST_F(ConfigOverrides, ScalarWinsOverTheFileAndTheRecipesAndGivesTheFilesIdentity) {
  const GridConfig g = load(kGrid, {"optimizer.lr=1e-4", "optimizer.weight_decay=0.0", "training.epochs=2"});
  ASSERT_EQ(g.points.size(), 2u);
  for (const auto& p : g.points) {
    EXPECT_DOUBLE_EQ(p.optimizer.lr, 1e-4);
    EXPECT_DOUBLE_EQ(p.optimizer.weight_decay, 0.0);  // above [recipes.bert]
    EXPECT_EQ(p.training.epochs, 2);
  }
  std::string written = kGrid;
  written.replace(written.find("lr = 1e-3"), 9, "lr = 0.0001\nweight_decay = 0\n");
  written += "[training]\nepochs = 2\n";
  const GridConfig same = load_grid_config(put(written));
  ASSERT_EQ(same.points.size(), 2u);
  EXPECT_EQ(g.points[0].config_hash, same.points[0].config_hash);
  EXPECT_EQ(g.points[1].config_hash, same.points[1].config_hash);
  EXPECT_NE(g.points[0].config_hash, load_grid_config(put(kGrid)).points[0].config_hash);
}

TEST_F(ConfigOverrides, ArraysAddReplaceAndScalarsDropAxes) {
  const GridConfig added = load(kGrid, {"optimizer.lr=[1e-4, 3e-5, 1e-5]"});
  EXPECT_EQ(added.points.size(), 6u);  // 2 seeds x 3 lrs
  EXPECT_NE(std::find(added.axes.begin(), added.axes.end(), "optimizer.lr"), added.axes.end());
  const GridConfig replaced = load(kGrid, {"training.seed=[7, 8, 9]"});
  ASSERT_EQ(replaced.points.size(), 3u);
  EXPECT_EQ(replaced.points[2].training.seed, 9);
  const GridConfig fixed = load(kGrid, {"training.seed=5"});
  ASSERT_EQ(fixed.points.size(), 1u);
  EXPECT_EQ(fixed.points[0].training.seed, 5);
  EXPECT_TRUE(fixed.axes.empty());
  // An axis written as a nested [grid.training] table is replaced the same way.
  std::string nested = kGrid;
  nested.replace(nested.find("\"training.seed\" = [1, 2]"), 24, "[grid.training]\nseed = [1, 2]");
  EXPECT_EQ(load(nested, {"training.seed=[3, 4, 5]"}).points.size(), 3u);
}

TEST_F(ConfigOverrides, ListValuedKeysTakeAnArrayAsTheirValue) {
  const GridConfig one = load(kGrid, {"lora.target_modules=['query', 'value']"});
  ASSERT_EQ(one.points.size(), 2u);
  EXPECT_TRUE(one.points[0].lora.enabled);
  EXPECT_EQ(one.points[0].lora.target_modules, (std::vector<std::string>{"query", "value"}));
  const GridConfig axis = load(kGrid, {"lora.target_modules=[['query'], ['key', 'value']]"});
  ASSERT_EQ(axis.points.size(), 4u);  // 2 seeds x 2 target lists
  int key_value = 0;
  for (const auto& p : axis.points) key_value += p.lora.target_modules == std::vector<std::string>{"key", "value"};
  EXPECT_EQ(key_value, 2);
}

TEST_F(ConfigOverrides, ErrorsNameSetAndTheKey) {
  EXPECT_NE(error_of(kGrid, {"optimizer.lr"}).find("--set: key 'optimizer.lr': expected KEY=VALUE"), std::string::npos);
  EXPECT_NE(error_of(kGrid, {"optimizer.lr=fast"}).find("--set: key 'optimizer.lr': VALUE 'fast' is not TOML"),
            std::string::npos);
  EXPECT_NE(error_of(kGrid, {"optimizer..lr=1"}).find("--set: key 'optimizer..lr'"), std::string::npos);
  EXPECT_NE(error_of(kGrid, {"optimizer.lr=1", "optimizer.lr=2"}).find("given twice"), std::string::npos);
  const std::string unknown = error_of(kGrid, {"training.epocs=3"});
  EXPECT_EQ(unknown.rfind("--set training.epocs=3: ", 0), 0u) << unknown;
  EXPECT_NE(unknown.find("training.epocs"), std::string::npos) << unknown;
  const std::string invalid = error_of(kGrid, {"training.epochs=-1"});
  EXPECT_EQ(invalid.rfind("--set training.epochs=-1: ", 0), 0u) << invalid;
  const std::string not_table = error_of(kGrid, {"optimizer.lr.x=1"});
  EXPECT_NE(not_table.find("--set"), std::string::npos) << not_table;
  std::string zipped = kGrid;
  zipped += "[[grid.zip]]\n\"model.name\" = [\"a\", \"b\"]\n\"optimizer.lr\" = [1e-3, 1e-4]\n";
  const std::string zip_error = error_of(zipped, {"optimizer.lr=1e-5"});
  EXPECT_NE(zip_error.find("--set: key 'optimizer.lr': varies in a [[grid.zip]] entry"), std::string::npos) << zip_error;
}

}  // namespace
}  // namespace lnc::config
