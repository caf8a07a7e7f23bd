// Grid/run config parsing: typed values, cartesian product, and errors that name file, line and key.
#include <gtest/gtest.h>

#include <fstream>

#include "base/input_error.h"
#include "config/prepare_config.h"
#include "config/run_config.h"
#include "tests/unit/test_paths.h"

namespace lnc::config {
namespace {

const char* kBase = R"(
[job]
name = "t"
store = "s.sqlite"

[data]
task = "prom"
length = 300
tokenizer = "kmer"
k = 3
tokens = "tok/{task}.kmer{k}.h5"

[model]
family = "bert"
preset = "tiny"

[optimizer]
lr = 1e-3
)";

std::string write(const std::string& name, const std::string& text) {
  std::string path = test_paths::scratch_dir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::string& path) {
  try {
    load_grid_config(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(RunConfig, ParsesTypedValuesAndExpandsTokenPath) {
  auto grid = load_grid_config(write("g.toml", kBase));
  ASSERT_EQ(grid.points.size(), 1u);
  const auto& run = grid.points[0];
  EXPECT_EQ(run.data.tokens, "tok/prom.kmer3.h5");
  EXPECT_EQ(run.model.architecture.hidden_size, 64);
  EXPECT_EQ(run.model.name, "bert-tiny");
  EXPECT_DOUBLE_EQ(run.optimizer.lr, 1e-3);
  EXPECT_EQ(run.training.global_batch_size, 32);  // the study's default
  EXPECT_EQ(run.config_hash.size(), 64u);
}

TEST(RunConfig, GridIsTheCartesianProductWithDistinctHashes) {
  auto grid = load_grid_config(write("g.toml", std::string(kBase) + R"(
[grid]
"optimizer.lr" = [1e-3, 1e-4]
"training.seed" = [1, 2, 3]
"model.preset" = ["tiny", "mini"]
)"));
  ASSERT_EQ(grid.points.size(), 12u);
  EXPECT_EQ(grid.axes.size(), 3u);
  std::set<std::string> hashes;
  for (const auto& p : grid.points) hashes.insert(p.config_hash);
  EXPECT_EQ(hashes.size(), 12u);
  // The job section does not change a run's identity.
  auto other = load_grid_config(write("h.toml", std::string(kBase).replace(std::string(kBase).find("name = \"t\""), 10, "name = \"u\"")));
  EXPECT_EQ(other.points[0].config_hash, load_grid_config(write("i.toml", kBase)).points[0].config_hash);
}

TEST(RunConfig, UnknownKeyNamesFileLineAndKey) {
  std::string text = std::string(kBase) + "\n[training]\nepochz = 3\n";
  auto path = write("g.toml", text);
  std::string msg = error_of(path);
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("training.epochz"), std::string::npos) << msg;
  EXPECT_NE(msg.find(":21:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown key"), std::string::npos) << msg;
}

TEST(RunConfig, WrongTypeNamesKeyAndLine) {
  std::string text = kBase;
  text.replace(text.find("lr = 1e-3"), 9, "lr = \"fast\"");
  std::string msg = error_of(write("g.toml", text));
  EXPECT_NE(msg.find("optimizer.lr"), std::string::npos) << msg;
  EXPECT_NE(msg.find(":18:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("expected a number"), std::string::npos) << msg;
}

TEST(RunConfig, MissingRequiredKeyAndMissingFile) {
  std::string text = kBase;
  text.replace(text.find("task = \"prom\""), 13, "");
  std::string msg = error_of(write("g.toml", text));
  EXPECT_NE(msg.find("data.task"), std::string::npos) << msg;
  EXPECT_NE(msg.find("required key is missing"), std::string::npos) << msg;
  msg = error_of(test_paths::scratch_dir() + "/absent.toml");
  EXPECT_NE(msg.find("absent.toml"), std::string::npos) << msg;
  EXPECT_NE(msg.find("cannot open"), std::string::npos) << msg;
}

TEST(RunConfig, GridAxisOnUnknownKeyFailsWholeGrid) {
  std::string msg = error_of(write("g.toml", std::string(kBase) + "\n[grid]\n\"optimizer.learning_rate\" = [1e-3]\n"));
  EXPECT_NE(msg.find("optimizer.learning_rate"), std::string::npos) << msg;
}

TEST(RunConfig, SyntaxErrorNamesLine) {
  std::string msg = error_of(write("g.toml", "[job]\nname = \n"));
  EXPECT_NE(msg.find("g.toml:2"), std::string::npos) << msg;
}

TEST(PrepareConfig, ParsesCsvDatasetAndRejectsBadTokenizer) {
  auto path = write("d.toml", R"(
[dataset]
name = "x"
output_dir = "out"
[csv]
train = "a.csv"
test = "b.csv"
[[tokenizers]]
kind = "kmer"
k = 4
vocab = "v.txt"
)");
  auto c = load_prepare_config(path);
  EXPECT_EQ(c.csv.dev_fraction, 0.1);
  ASSERT_EQ(c.tokenizers.size(), 1u);
  EXPECT_EQ(c.tokenizers[0].k, 4);
  auto bad = write("e.toml", "[dataset]\nname = \"x\"\noutput_dir = \"o\"\n[csv]\ntrain = \"a\"\ntest = \"b\"\n"
                             "[[tokenizers]]\nkind = \"kmer\"\nk = 9\nvocab = \"v\"\n");
  try {
    load_prepare_config(bad);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("tokenizers[0].k"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(":9:"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lnc::config
