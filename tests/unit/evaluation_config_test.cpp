// The [evaluation] section: attention importance on by default with a cap, off on request, outside the run hash.
#include <gtest/gtest.h>

#include <fstream>

#include "base/input_error.h"
#include "config/run_config.h"
#include "tests/unit/test_paths.h"

namespace lnc::config {
namespace {

const char* kPoint = R"(
[data]
task = "prom"
length = 300
tokenizer = "kmer"
k = 3
tokens = "t.h5"
[model]
family = "bert"
preset = "tiny"
)";

GridConfig load(const std::string& extra) {
  const std::string path = test_paths::scratch_dir() + "/g.toml";
  std::ofstream(path) << kPoint << extra;
  return load_grid_config(path);
}

TEST(EvaluationConfig, DefaultsCapAndOffAndNotInTheHash) {
  const auto plain = load("").points.at(0);
  EXPECT_TRUE(plain.evaluation.importance);
  EXPECT_EQ(plain.evaluation.importance_max_sequences, 500);
  const auto off = load("[evaluation]\nimportance = false\nimportance_max_sequences = 7\n").points.at(0);
  EXPECT_FALSE(off.evaluation.importance);
  EXPECT_EQ(off.evaluation.importance_max_sequences, 7);
  EXPECT_EQ(off.config_hash, plain.config_hash);  // what is recorded, not what is trained
}

TEST(EvaluationConfig, BadValuesNameTheKey) {
  try {
    load("[evaluation]\nimportance_max_sequences = -1\n");
    FAIL() << "accepted a negative cap";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("importance_max_sequences"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load("[evaluation]\nimportance_rows = 3\n"), InputError);  // unknown key
}

TEST(EvaluationConfig, ImportanceMethodsDefaultsValuesAndErrors) {
  const auto plain = load("").points.at(0);
  EXPECT_EQ(plain.evaluation.importance_methods, (std::vector<std::string>{"attention"}));
  EXPECT_EQ(plain.evaluation.ig_steps, 32);
  EXPECT_EQ(plain.evaluation.ig_baseline, "pad");
  EXPECT_EQ(plain.evaluation.ism_batch_rows, 64);
  const auto all = load("[evaluation]\nimportance_methods = [\"ism\", \"integrated_gradients\", \"attention\"]\n"
                        "ig_steps = 64\nig_baseline = \"mask\"\nism_tokenizer = \"v.txt\"\nism_batch_rows = 8\n")
                       .points.at(0);
  EXPECT_EQ(all.evaluation.importance_methods,
            (std::vector<std::string>{"ism", "integrated_gradients", "attention"}));
  EXPECT_EQ(all.evaluation.ig_steps, 64);
  EXPECT_EQ(all.evaluation.ig_baseline, "mask");
  EXPECT_EQ(all.evaluation.ism_tokenizer, "v.txt");
  EXPECT_EQ(all.evaluation.ism_batch_rows, 8);
  EXPECT_EQ(all.config_hash, plain.config_hash);  // recorded beside the run, not part of it
  for (const char* bad : {"importance_methods = [\"shap\"]", "importance_methods = [\"ism\", \"ism\"]",
                          "ig_steps = 0", "ig_baseline = \"zero\"", "ism_batch_rows = 0"}) {
    SCOPED_TRACE(bad);
    const std::string key = std::string(bad).substr(0, std::string(bad).find(' '));
    try {
      load(std::string("[evaluation]\n") + bad + "\n");
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("key 'evaluation." + key + "'"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace lnc::config
