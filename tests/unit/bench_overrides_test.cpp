// `lnctrain bench --set KEY=VALUE` (launcher/bench/bench_overrides.h): the grid keys bench measures, and errors
// naming --set and the key.
#include <gtest/gtest.h>

#include "base/input_error.h"
#include "config/config_overrides.h"
#include "launcher/bench/bench_overrides.h"
#include "tests/unit/mpi_launch.h"

namespace lnc::launcher {
namespace {

BenchSettings settings(const std::vector<std::string>& args) {
  return bench_settings(config::parse_overrides(args));
}

TEST(BenchOverrides, GridKeysSetWhatBenchMeasures) {
  const auto s = settings({"model.family='esm'", "model.preset='mini'", "model.hidden_size=96", "model.num_layers=3",
                           "model.num_heads=4", "model.intermediate_size=384", "training.precision='bf16'",
                           "training.device='cpu'", "training.threads_per_rank=2",
                           "training.overlap_allreduce=false", "lora.enabled=true"});
  EXPECT_EQ(*s.family, "esm");
  EXPECT_EQ(*s.preset, "mini");
  EXPECT_EQ(*s.hidden_size, 96);
  EXPECT_EQ(*s.num_layers, 3);
  EXPECT_EQ(*s.num_heads, 4);
  EXPECT_EQ(*s.intermediate_size, 384);
  EXPECT_EQ(*s.precision, "bf16");
  EXPECT_EQ(*s.device, "cpu");
  EXPECT_EQ(*s.threads, 2);
  EXPECT_FALSE(*s.overlap_allreduce);
  EXPECT_TRUE(*s.lora);
  const auto none = settings({});
  EXPECT_FALSE(none.family || none.hidden_size || none.lora);
}

void expect_error(const std::string& arg, const std::string& key, const std::string& what) {
  try {
    settings({arg});
    ADD_FAILURE() << arg << " was accepted";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("--set"), std::string::npos) << m;
    EXPECT_NE(m.find(key), std::string::npos) << m;
    EXPECT_NE(m.find(what), std::string::npos) << m;
  }
}

TEST(BenchOverrides, BadInputErrorsNameSetAndTheKey) {
  expect_error("optimizer.lr=1e-4", "optimizer.lr", "not a key bench measures");
  expect_error("model.hidden_size=[64, 128]", "model.hidden_size", "one configuration");
  expect_error("model.hidden_size=0", "model.hidden_size", ">= 1");
  expect_error("model.hidden_size='big'", "model.hidden_size", "integer");
  expect_error("model.family='gpt'", "model.family", "one of");
  expect_error("training.precision='fp16'", "training.precision", "one of");
  expect_error("lora.enabled=1", "lora.enabled", "true or false");
}

TEST(BenchOverrides, BadInputOnTheCommandLineExitsTwoNamingTheKey) {
  const auto r = test_paths::run_command(test_paths::lnctrain("bench --length 8 --batch 1 --set optimizer.lr=1e-4"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("optimizer.lr"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace lnc::launcher
