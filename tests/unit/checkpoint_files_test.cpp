// Checkpoint bookkeeping without torch: progress.json round trip (bit-exact doubles) and which step directories
// count as complete, and which are pruned.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "tests/unit/test_paths.h"
#include "trainer/checkpoint/checkpoint_directory.h"
#include "trainer/checkpoint/training_progress.h"

namespace lnc::trainer {
namespace {

TEST(CheckpointProgress, RoundTripsExactly) {
  TrainingProgress p;
  p.config_hash = "abc";
  p.group_size = 2;
  p.step = 17;
  p.epoch = 1;
  p.batch = 5;
  p.total_steps = 40;
  p.best_dev_loss = 0.1 + 0.2;  // not representable in few digits
  p.best_epoch = 0;
  p.metrics = {{"train", 0, "loss", 1.0 / 3.0}, {"dev", 0, "mcc", -0.123456789012345678}};
  auto back = progress_from_json(progress_to_json(p), "p.json");
  EXPECT_EQ(back.config_hash, "abc");
  EXPECT_EQ(back.group_size, 2);
  EXPECT_EQ(back.step, 17);
  EXPECT_EQ(back.epoch, 1);
  EXPECT_EQ(back.batch, 5);
  EXPECT_EQ(back.total_steps, 40);
  EXPECT_EQ(back.best_dev_loss, p.best_dev_loss);
  ASSERT_EQ(back.metrics.size(), 2u);
  EXPECT_EQ(back.metrics[0].value, 1.0 / 3.0);
  EXPECT_EQ(back.metrics[1].value, p.metrics[1].value);
  EXPECT_EQ(*back.metrics[1].epoch, 0);

  TrainingProgress fresh;  // no best yet: infinity travels as null
  EXPECT_TRUE(std::isinf(progress_from_json(progress_to_json(fresh), "p.json").best_dev_loss));
  EXPECT_THROW(progress_from_json("{\"format\": 1}", "p.json"), InputError);
}

TEST(CheckpointDirectory, NewestCompleteAndPruning) {
  const std::string dir = test_paths::scratch_dir() + "/checkpoint";
  for (int step : {3, 6, 9, 12}) {
    make_directories(checkpoint_step_dir(dir, step));
    std::ofstream(checkpoint_step_dir(dir, step) + "/state.pt") << "x";
  }
  for (int step : {3, 6, 9}) std::ofstream(checkpoint_step_dir(dir, step) + "/DONE") << "done";
  // step-12 has no DONE: an interrupted write.
  EXPECT_EQ(*newest_complete_checkpoint(dir), 9);
  prune_checkpoints(dir, 2);
  EXPECT_EQ(complete_checkpoint_steps(dir), (std::vector<std::int64_t>{6, 9}));
  EXPECT_TRUE(std::ifstream(checkpoint_step_dir(dir, 12) + "/state.pt").good());  // newer than the newest: kept
  EXPECT_FALSE(newest_complete_checkpoint(dir + "/missing").has_value());
}

}  // namespace
}  // namespace lnc::trainer
