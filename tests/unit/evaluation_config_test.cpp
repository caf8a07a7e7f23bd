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

}  // namespace
}  // namespace lnc::config
