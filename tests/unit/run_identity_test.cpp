// Run identity from the typed config (config/run_identity.h): spelling a default out keeps it, a changed default or
// preset dimension changes it, the text's format, and training.device / threads_per_rank as job-wide settings.
#include <gtest/gtest.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "base/input_error.h"
#include "base/sha256.h"
#include "config/run_config.h"
#include "config/run_identity.h"
#include "tests/unit/test_paths.h"

namespace lnc::config {
namespace {

const char* kPoint = R"([job]
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
)";

class RunIdentity : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = test_paths::scratch_dir(); }
  std::string put(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name) << text;
    return dir_ + "/" + name;
  }
  RunConfig point(const std::string& text) {
    auto grid = load_grid_config(put("p" + std::to_string(++files_) + ".toml", text));
    EXPECT_EQ(grid.points.size(), 1u);
    return grid.points.at(0);
  }
  std::string error_of(const std::string& text) {
    try {
      load_grid_config(put("e" + std::to_string(++files_) + ".toml", text));
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
  std::string dir_;
  int files_ = 0;
};

TEST_F(RunIdentity, SpellingOutDefaultsAndPresetDimensionsKeepsTheIdentity) {
  const RunConfig plain = point(kPoint);
  // Every default of run_config.h written out, the tiny preset as its dimensions (and the name it gave), the token
  // path without placeholders, lr in another notation: the same experiment.
  const RunConfig spelled = point(R"([job]
store = "other.sqlite"
name = "another job"
[data]
task = "prom"
length = 300
tokenizer = "kmer"
k = 3
tokens = "tok/prom.kmer3.h5"
[model]
family = "bert"
name = "bert-tiny"
hidden_size = 64
num_layers = 2
num_heads = 4
intermediate_size = 256
max_position_embeddings = 512
hidden_dropout = 0.1
attention_dropout = 0.1
kmer = 3
ngram_min = 1
ngram_max = 3
c_values = [1]
[optimizer]
lr = 0.001
weight_decay = 0.01
beta1 = 0.9
beta2 = 0.999
eps = 1e-8
max_grad_norm = 1
[lr_scheduler]
warmup_steps = 50
decay = "linear"
[training]
seed = 42
epochs = 3
max_steps = 0
global_batch_size = 32
eval_batch_size = 64
micro_batch_size = 0
activation_checkpointing = false
overlap_allreduce = true
precision = "fp32"
length_bucketing = false
length_bucket_window = 50
checkpoint_every = 100
device = "cpu"
threads_per_rank = 1
[evaluation]
importance = false
[parallelism]
group_size = 1
)");
  EXPECT_EQ(spelled.canonical_toml, plain.canonical_toml);
  EXPECT_EQ(spelled.config_hash, plain.config_hash);
  // A disabled [lora] table is the default too (with the text as written, it was another run).
  EXPECT_EQ(point(std::string(kPoint) + "[lora]\nenabled = false\n").config_hash, plain.config_hash);
}

TEST_F(RunIdentity, AChangedDefaultOrPresetDimensionChangesTheIdentity) {
  const RunConfig plain = point(kPoint);
  // What changing a preset's dimensions or a default of run_config.h does: the same file resolves to other typed
  // values. Simulated on the parsed config (same paths as written), then through files.
  const PathsAsWritten paths{"tok/prom.kmer3.h5", ""};
  ASSERT_EQ(identity_text(plain, paths), plain.canonical_toml);
  RunConfig wider = plain;
  wider.model.architecture.hidden_size = 128;  // "tiny" grown
  RunConfig beta = plain;
  beta.optimizer.beta2 = 0.98;  // another default
  RunConfig eps = plain;
  eps.model.architecture.layer_norm_eps = 1e-5;  // a ModelConfig default no grid key sets
  for (const RunConfig* changed : {&wider, &beta, &eps}) {
    const std::string text = identity_text(*changed, paths);
    EXPECT_NE(text, plain.canonical_toml);
    EXPECT_NE(sha256_hex(text), plain.config_hash);
  }
  const std::string tiny = "preset = \"tiny\"\n";
  std::string wider_file = kPoint;
  wider_file.replace(wider_file.find(tiny), tiny.size(), tiny + "hidden_size = 128\n");
  EXPECT_NE(point(wider_file).config_hash, plain.config_hash);
  EXPECT_NE(point(std::string(kPoint) + "[training]\nseed = 7\n").config_hash, plain.config_hash);
  EXPECT_NE(point(std::string(kPoint) + "[lora]\n").config_hash, plain.config_hash);  // a [lora] table enables it
  const RunConfig mini = point(std::string(kPoint).replace(std::string(kPoint).find("\"tiny\""), 6, "\"mini\""));
  EXPECT_NE(mini.config_hash, plain.config_hash);
}

TEST_F(RunIdentity, TextIsSortedFlatTomlOfTheTypedValuesWithItsVersion) {
  setenv("LNC_TEST_IDENTITY_DATA", "/cluster/a", 1);
  const std::string text = std::string(kPoint).replace(std::string(kPoint).find("tok/"), 4, "${LNC_TEST_IDENTITY_DATA}/") +
                           "[lora]\nr = 4\nexport_merged = true\n[training]\ncheckpoint_every = 9\n";
  const RunConfig run = point(text);
  EXPECT_EQ(run.data.tokens, "/cluster/a/prom.kmer3.h5");
  const std::string& id = run.canonical_toml;
  EXPECT_EQ(run.config_hash, sha256_hex(id));
  // One "key = value" line per field, sorted.
  std::vector<std::string> lines;
  for (size_t at = 0, end; (end = id.find('\n', at)) != std::string::npos; at = end + 1) lines.push_back(id.substr(at, end - at));
  ASSERT_GT(lines.size(), 50u);
  EXPECT_TRUE(std::is_sorted(lines.begin(), lines.end())) << id;
  for (const std::string line : {"identity_version = 3", "data.long_sequences = \"error\"", "data.chunk_stride = 0", "data.tokens = \"${LNC_TEST_IDENTITY_DATA}/prom.kmer3.h5\"",
                                 "data.k = 3", "model.hidden_size = 64", "model.num_layers = 2", "model.name = \"bert-tiny\"",
                                 "model.pretrained = \"\"", "model.c_values = [1.0]", "optimizer.lr = 0.001",
                                 "optimizer.eps = 1e-08", "lora.enabled = true", "lora.r = 4", "lora.alpha = 16.0",
                                 "lora.target_modules = [\"query\", \"key\", \"value\", \"dense\"]",
                                 "training.overlap_allreduce = true", "training.seed = 42"})
    EXPECT_NE(std::find(lines.begin(), lines.end(), line), lines.end()) << line << " in\n" << id;
  // Outside the identity.
  for (const std::string key : {"training.checkpoint_every", "lora.export_merged", "model.preset", "training.device",
                                "training.threads_per_rank", "job.", "evaluation.", "parallelism.", "model.vocab_size",
                                "model.num_labels", "model.pad_token_id"})
    EXPECT_EQ(id.find("\n" + key), std::string::npos) << key << " in\n" << id;
  // It is TOML: read back, the values are the typed ones.
  const toml::table back = toml::parse(id);
  EXPECT_EQ(back["identity_version"].value<int64_t>(), kRunIdentityVersion);
  EXPECT_EQ(back["optimizer"]["lr"].value<double>(), 1e-3);
  EXPECT_EQ(back["model"]["hidden_dropout"].value<double>(), 0.1);
  EXPECT_EQ(back["lora"]["dropout"].value<double>(), 0.05);
  // Another cluster's environment: the same run.
  setenv("LNC_TEST_IDENTITY_DATA", "/cluster/b", 1);
  EXPECT_EQ(point(text).config_hash, run.config_hash);
}

TEST_F(RunIdentity, StringsAreEscapedAsTomlBasicStrings) {
  RunConfig run = point(kPoint);
  const std::string text = identity_text(run, {"a\"b\\c\td\x01" "e", "p"});
  EXPECT_NE(text.find("data.tokens = \"a\\\"b\\\\c\\td\\u0001e\"\n"), std::string::npos) << text;
  EXPECT_EQ(toml::parse(text)["data"]["tokens"].value<std::string>(), "a\"b\\c\td\x01" "e");
}

TEST_F(RunIdentity, DeviceAndThreadsAreNotGridAxesAndNotInTheIdentity) {
  const RunConfig plain = point(kPoint);
  EXPECT_EQ(point(std::string(kPoint) + "[training]\ndevice = \"cuda\"\nthreads_per_rank = 3\n").config_hash,
            plain.config_hash);

  auto axis = error_of(std::string(kPoint) + "[grid]\n\"training.seed\" = [1, 2]\n\"training.device\" = [\"cpu\", \"cuda\"]\n");
  EXPECT_NE(axis.find(":14: key 'grid.training.device': cannot be a grid axis"), std::string::npos) << axis;
  auto zipped = error_of(std::string(kPoint) + "[[grid.zip]]\n\"training.seed\" = [1, 2]\n"
                         "\"training.threads_per_rank\" = [1, 2]\n");
  EXPECT_NE(zipped.find(":14: key 'grid.zip.training.threads_per_rank': cannot be a grid axis"), std::string::npos)
      << zipped;
  auto nested = error_of(std::string(kPoint) + "[grid.training]\ndevice = [\"cpu\"]\n");
  EXPECT_NE(nested.find(":13: key 'grid.training.device'"), std::string::npos) << nested;

  // A family recipe that makes them differ between points names its line and key.
  auto recipe = error_of(std::string(kPoint) + "[recipes.esm.training]\nthreads_per_rank = 2\n"
                         "[grid]\n\"model.family\" = [\"bert\", \"esm\"]\n");
  EXPECT_NE(recipe.find(":13: key 'recipes.esm.training.threads_per_rank': points 1 and 2 would differ (0 and 2)"),
            std::string::npos)
      << recipe;
  auto first = error_of(std::string(kPoint) + "[recipes.bert.training]\ndevice = \"cpu\"\n"
                        "[grid]\n\"model.family\" = [\"bert\", \"esm\"]\n");
  EXPECT_NE(first.find(":13: key 'recipes.bert.training.device': points 1 and 2 would differ ('cpu' and 'auto')"),
            std::string::npos)
      << first;
  // A recipe that sets them for every point is one setting of the job.
  auto same = load_grid_config(put("same.toml", std::string(kPoint) + "[recipes.bert.training]\ndevice = \"cpu\"\n"
                                   "[recipes.esm.training]\ndevice = \"cpu\"\n[grid]\n\"model.family\" = [\"bert\", \"esm\"]\n"));
  ASSERT_EQ(same.points.size(), 2u);
  EXPECT_EQ(same.points[1].training.device, "cpu");

  // A union of grids that train on different devices.
  put("cpu.toml", std::string(kPoint) + "[training]\ndevice = \"cpu\"\n");
  put("gpu.toml", std::string(kPoint) + "[training]\ndevice = \"cuda\"\nseed = 2\n");
  auto both = error_of("grids = [\"cpu.toml\", \"gpu.toml\"]\n");
  EXPECT_NE(both.find(":1: key 'grids': " + dir_ + "/cpu.toml and " + dir_ + "/gpu.toml differ in training.device"),
            std::string::npos)
      << both;
}

TEST(RunIdentityVersion1, StoredTextResolvesWithTodaysDefaultsWithoutTheEnvironment) {
  unsetenv("LNC_TEST_IDENTITY_UNSET");
  // As identity version 1 stored it: the resolved TOML as written (toml++'s layout).
  const std::string stored = R"([data]
task = 'prom'
length = 300
tokens = '${LNC_TEST_IDENTITY_UNSET}/{task}.h5'

[model]
family = 'bert'
preset = 'tiny'

[training]
device = 'cpu'
)";
  const auto identity = identity_of_version1_text(stored);
  ASSERT_TRUE(identity);
  EXPECT_EQ(identity->hash, sha256_hex(identity->text));
  EXPECT_NE(identity->text.find("data.tokens = \"${LNC_TEST_IDENTITY_UNSET}/prom.h5\"\n"), std::string::npos)
      << identity->text;
  EXPECT_NE(identity->text.find("model.hidden_size = 64\n"), std::string::npos) << identity->text;
  EXPECT_FALSE(identity_of_version1_text("[model]\nfamily = \"bert\"\n"));  // no [data]: not a run config
  EXPECT_FALSE(identity_of_version1_text("not = toml = at all"));
  EXPECT_FALSE(identity_of_version1_text("[data]\ntask = 'p'\ntokens = 't'\n[model]\nfamily = 'gpt'\n"));
}

}  // namespace
}  // namespace lnc::config
