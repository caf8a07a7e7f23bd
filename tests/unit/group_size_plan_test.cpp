// Group size per grid point: [parallelism] as a per-point section (axis, recipe, include, union), "auto" from the
// memory plan, and the phases a grid runs in.
#include <gtest/gtest.h>

#include <fstream>

#include "base/input_error.h"
#include "config/run_config.h"
#include "launcher/grid/group_size_plan.h"
#include "launcher/plan/plan_input.h"
#include "tests/unit/test_paths.h"

namespace lnc::launcher {
namespace {

const char* kHead = R"([job]
store = "s.sqlite"
[data]
task = "prom"
length = 48
tokens = "tok/{task}.kmer{k}.h5"
[model]
family = "bert"
preset = "tiny"
[training]
global_batch_size = 8
)";

class GroupSizes : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = test_paths::scratch_dir(); }
  config::GridConfig load(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name) << text;
    return config::load_grid_config(dir_ + "/" + name);
  }
  std::string error_of(const std::string& name, const std::string& text) {
    try {
      load(name, text);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
  std::string dir_;
};

TEST_F(GroupSizes, EachPointHasItsOwnFromAxisRecipeOrDefaultAndTheHashIgnoresIt) {
  auto grid = load("g.toml", std::string(kHead) + R"([parallelism]
group_size = 2
[[grid.zip]]
"training.seed" = [1, 2, 3]
"parallelism.group_size" = [4, 2, "auto"]
)");
  ASSERT_EQ(grid.points.size(), 3u);
  EXPECT_EQ(grid.parallelism.group_size, 2);  // the file's default, overridden by the axis
  EXPECT_EQ(grid.points[0].parallelism.group_size, 4);
  EXPECT_FALSE(grid.points[0].parallelism.group_size_auto);
  EXPECT_EQ(grid.points[1].parallelism.group_size, 2);
  EXPECT_TRUE(grid.points[2].parallelism.group_size_auto);
  EXPECT_DOUBLE_EQ(grid.points[2].parallelism.device_memory_gib, 80);

  // A family recipe sets it for the points of that family that do not set it themselves.
  auto recipes = load("r.toml", std::string(kHead) + R"([recipes.esm.parallelism]
group_size = "auto"
device_memory_gib = 16
[grid]
"model.family" = ["bert", "esm"]
)");
  ASSERT_EQ(recipes.points.size(), 2u);
  EXPECT_EQ(recipes.points[0].parallelism.group_size, 0);
  EXPECT_FALSE(recipes.points[0].parallelism.group_size_auto);
  EXPECT_TRUE(recipes.points[1].parallelism.group_size_auto);
  EXPECT_DOUBLE_EQ(recipes.points[1].parallelism.device_memory_gib, 16);

  // Where a run trains is not what it is: the same point without [parallelism] has the same hash.
  auto plain = load("p.toml", std::string(kHead) + "seed = 2\n");
  auto sized = load("s.toml", std::string(kHead) + "seed = 2\n[parallelism]\ngroup_size = 2\n");
  EXPECT_EQ(plain.points[0].config_hash, sized.points[0].config_hash);
  EXPECT_EQ(plain.points[0].config_hash, grid.points[1].config_hash);
}

TEST_F(GroupSizes, BadValuesAndPointsDifferingOnlyInGroupSizeAreErrors) {
  auto word = error_of("w.toml", std::string(kHead) + "[parallelism]\ngroup_size = \"many\"\n");
  EXPECT_NE(word.find("w.toml:13"), std::string::npos) << word;
  EXPECT_NE(word.find("parallelism.group_size"), std::string::npos) << word;
  auto negative = error_of("n.toml", std::string(kHead) + "[parallelism]\ngroup_size = -1\n");
  EXPECT_NE(negative.find("parallelism.group_size"), std::string::npos) << negative;
  auto memory = error_of("m.toml", std::string(kHead) + "[parallelism]\ndevice_memory_gib = 0\n");
  EXPECT_NE(memory.find("parallelism.device_memory_gib"), std::string::npos) << memory;
  auto unknown = error_of("u.toml", std::string(kHead) + "[parallelism]\ngroups = 2\n");
  EXPECT_NE(unknown.find("parallelism.groups"), std::string::npos) << unknown;
  auto twice = error_of("t.toml", std::string(kHead) + "[grid]\n\"parallelism.group_size\" = [1, 2]\n");
  EXPECT_NE(twice.find("points 1 and 2 are the same run"), std::string::npos) << twice;
}

TEST_F(GroupSizes, AUnionsParallelismOverridesItsGridsAndOtherwiseTheyKeepTheirs) {
  load("a.toml", std::string(kHead) + "[parallelism]\ngroup_size = 4\n[grid]\n\"training.seed\" = [1, 2]\n");
  auto kept = load("keep.toml", "grids = [\"a.toml\"]\n[job]\nstore = \"all.sqlite\"\n");
  for (const auto& p : kept.points) EXPECT_EQ(p.parallelism.group_size, 4);
  auto over = load("over.toml", "grids = [\"a.toml\"]\n[parallelism]\ngroup_size = \"auto\"\n");
  for (const auto& p : over.points) EXPECT_TRUE(p.parallelism.group_size_auto);
  auto memory = load("mem.toml", "grids = [\"a.toml\"]\n[parallelism]\ndevice_memory_gib = 24\n");
  for (const auto& p : memory.points) {
    EXPECT_EQ(p.parallelism.group_size, 4);  // not given by the union: the grid's own
    EXPECT_DOUBLE_EQ(p.parallelism.device_memory_gib, 24);
  }
}

TEST_F(GroupSizes, DefaultConfiguredAndPhases) {
  auto one = load("one.toml", kHead);
  EXPECT_EQ(choose_group_size(one.points[0], 8, 1).size, 8);  // a single point: all ranks
  EXPECT_EQ(choose_group_size(one.points[0], 8, 1).source, "default");
  EXPECT_EQ(choose_group_size(one.points[0], 8, 5).size, 1);  // several: one rank each
  auto four = load("four.toml", std::string(kHead) + "[parallelism]\ngroup_size = 4\n");
  EXPECT_EQ(choose_group_size(four.points[0], 8, 5).size, 4);
  EXPECT_EQ(choose_group_size(four.points[0], 8, 5).source, "configured");
  EXPECT_THROW(choose_group_size(four.points[0], 6, 5), InputError);  // 4 does not divide 6
  EXPECT_EQ(phase_sizes({1, 2, 1, 4, 2}), (std::vector<int>{4, 2, 1}));
  EXPECT_TRUE(phase_sizes({}).empty());
}

// "auto": the smallest divisor of the world whose per-rank share of the batch fits the stated memory.
TEST_F(GroupSizes, AutoTakesTheSmallestGroupWhoseShareFits) {
  auto grid = load("auto.toml", std::string(kHead) + "[parallelism]\ngroup_size = \"auto\"\n");
  auto point = grid.points[0];
  const auto bytes_at = [&](int ranks) { return plan_memory(plan_input(point, ranks, "fp32", 80)).total_bytes; };
  const std::int64_t one = bytes_at(1), two = bytes_at(2), four = bytes_at(4);
  ASSERT_GT(one, two);  // half the batch per rank: fewer activations
  ASSERT_GT(two, four);
  const double gib = double(std::int64_t(1) << 30);

  point.parallelism.device_memory_gib = 80;  // fits on one rank
  auto c = choose_group_size(point, 4, 3);
  EXPECT_EQ(c.size, 1);
  EXPECT_EQ(c.source, "auto");
  EXPECT_TRUE(c.fits);
  EXPECT_EQ(c.planned_bytes, one);

  point.parallelism.device_memory_gib = (double(one + two) / 2) / gib;  // only from two ranks up
  EXPECT_EQ(choose_group_size(point, 4, 3).size, 2);
  EXPECT_EQ(choose_group_size(point, 3, 3).size, 3);  // 2 does not divide 3
  point.parallelism.device_memory_gib = (double(two + four) / 2) / gib;
  EXPECT_EQ(choose_group_size(point, 4, 3).size, 4);

  point.parallelism.device_memory_gib = 0.5;  // below the 1 GiB overhead: nothing fits, the largest group
  c = choose_group_size(point, 4, 3);
  EXPECT_EQ(c.size, 4);
  EXPECT_FALSE(c.fits);
  EXPECT_EQ(choose_group_size(point, 16, 3).size, 8);  // never more ranks than rows in the global batch (8)

  // A pretrained directory that is not there: planned from the [model] section (the run fails on its own).
  point.model.pretrained = dir_ + "/no_such_model";
  point.parallelism.device_memory_gib = (double(one + two) / 2) / gib;
  EXPECT_EQ(choose_group_size(point, 4, 3).size, 2);

  auto baseline = load("lr.toml", std::string(kHead) + "[parallelism]\ngroup_size = \"auto\"\n"
                                                     "device_memory_gib = 0.5\n[grid]\n\"model.family\" = [\"lr_tfidf\"]\n");
  EXPECT_EQ(choose_group_size(baseline.points[0], 4, 3).size, 1);
}

}  // namespace
}  // namespace lnc::launcher
