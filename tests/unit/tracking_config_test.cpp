// The tracking keys of a grid file: [training] log_every (default 10, >= 1) and [job] tensorboard (default true),
// neither part of a run's identity; --set reaches them like any key.
#include <gtest/gtest.h>

#include <fstream>

#include "base/input_error.h"
#include "config/config_overrides.h"
#include "config/run_config.h"
#include "tests/unit/test_paths.h"

namespace lnc::config {
namespace {

const char* kPoint = R"([job]
store = "s.sqlite"
[data]
task = "prom"
length = 300
tokens = "tok.h5"
[model]
family = "bert"
preset = "tiny"
)";

std::string put(const std::string& text) {
  static int n = 0;
  const std::string path = test_paths::scratch_dir() + "/g" + std::to_string(++n) + ".toml";
  std::ofstream(path) << text;
  return path;
}

TEST(TrackingConfig, DefaultsKeysAndIdentity) {
  const auto plain = load_grid_config(put(kPoint)).points.at(0);
  EXPECT_EQ(plain.training.log_every, 10);
  EXPECT_TRUE(plain.job.tensorboard);
  const auto set = load_grid_config(put(std::string(kPoint) + "[training]\nlog_every = 3\n")).points.at(0);
  EXPECT_EQ(set.training.log_every, 3);
  EXPECT_EQ(set.config_hash, plain.config_hash);  // how often a run logs does not change what it trains
  const auto off = load_grid_config(put(kPoint), parse_overrides({"job.tensorboard=false", "training.log_every=50"}));
  EXPECT_FALSE(off.points.at(0).job.tensorboard);
  EXPECT_EQ(off.points.at(0).training.log_every, 50);
  EXPECT_EQ(off.points.at(0).config_hash, plain.config_hash);
}

TEST(TrackingConfig, BadInputLogEveryBelowOneAndWrongTypesNameTheKey) {
  for (const auto& [text, key] : std::vector<std::pair<std::string, std::string>>{
           {"[training]\nlog_every = 0\n", "training.log_every"},
           {"[training]\nlog_every = 'often'\n", "training.log_every"},
           {"tensorboard = 1\n", "job.tensorboard"}}) {
    std::string grid = kPoint;
    if (text.rfind("tensorboard", 0) == 0) grid.insert(grid.find("[data]"), text);  // into [job]
    else grid += text;
    try {
      load_grid_config(put(grid));
      ADD_FAILURE() << text << " was accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace lnc::config
