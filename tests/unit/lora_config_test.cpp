// The [lora] table of a grid file: defaults (full fine-tuning), the study's NT recipe, strict errors.
#include <gtest/gtest.h>

#include <fstream>

#include "base/input_error.h"
#include "config/run_config.h"
#include "tests/unit/test_paths.h"

namespace lnc::config {
namespace {

const char* kBase = R"(
[data]
task = "prom"
length = 300
tokenizer = "nt"
tokens = "tok/{task}.h5"

[model]
family = "esm"
preset = "tiny"
)";

std::string write(const std::string& text) {
  std::string path = test_paths::scratch_dir() + "/g.toml";
  std::ofstream(path) << text;
  return path;
}

TEST(LoraConfig, FullFineTuningIsTheDefault) {
  auto grid = load_grid_config(write(kBase));
  EXPECT_FALSE(grid.points.at(0).lora.enabled);
}

TEST(LoraConfig, StudyRecipeForNucleotideTransformer) {
  auto grid = load_grid_config(write(std::string(kBase) + R"(
[lora]
enabled = true
r = 8
alpha = 16
dropout = 0.05
target_modules = ["query", "key", "value", "dense"]
base_dtype = "bf16"
)"));
  const auto& l = grid.points.at(0).lora;
  EXPECT_TRUE(l.enabled);
  EXPECT_EQ(l.r, 8);
  EXPECT_DOUBLE_EQ(l.alpha, 16.0);
  EXPECT_DOUBLE_EQ(l.dropout, 0.05);
  EXPECT_EQ(l.target_modules, (std::vector<std::string>{"query", "key", "value", "dense"}));
  EXPECT_EQ(l.modules_to_save, (std::vector<std::string>{"classifier"}));
  EXPECT_EQ(l.base_dtype, "bf16");
}

TEST(LoraConfig, RejectsUnknownKeysAndBadValuesNamingTheKey) {
  for (const char* bad : {"rank = 8", "r = 0", "dropout = 1.5", "base_dtype = \"fp16\"", "target_modules = []"}) {
    try {
      load_grid_config(write(std::string(kBase) + "\n[lora]\n" + bad + "\n"));
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("g.toml"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace lnc::config
