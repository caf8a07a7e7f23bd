// The small decisions of a training run's loop that need no process group: the step plan, the resume policy's
// epoch start and periodic-checkpoint rule, and the micro-batch count a step announces to the gradient sync.
// (The loop itself, resume included: IntegrationGoldenLoss, IntegrationGrid.KilledRankResumes...)
#include <gtest/gtest.h>

#include "trainer/components/micro_batches.h"
#include "trainer/training/resume_policy.h"
#include "trainer/training/step_plan.h"

namespace lnc::trainer {
namespace {

TEST(StepPlan, EpochsTimesBatchesCutByMaxSteps) {
  auto all = plan_steps(16, 3, 0);
  EXPECT_EQ(all.steps_per_epoch, 16);
  EXPECT_EQ(all.total_steps, 48);
  EXPECT_EQ(all.epochs, 3);
  auto cut = plan_steps(16, 3, 20);  // the second epoch is partial
  EXPECT_EQ(cut.total_steps, 20);
  EXPECT_EQ(cut.epochs, 2);
  auto exact = plan_steps(16, 3, 16);
  EXPECT_EQ(exact.total_steps, 16);
  EXPECT_EQ(exact.epochs, 1);
  auto one_more = plan_steps(16, 3, 17);
  EXPECT_EQ(one_more.epochs, 2);
  auto beyond = plan_steps(16, 3, 100);  // max_steps never adds epochs
  EXPECT_EQ(beyond.total_steps, 48);
  EXPECT_EQ(beyond.epochs, 3);
}

TEST(ResumePolicy, TheResumedEpochStartsAtItsCheckpointedBatchWithItsLossSums) {
  TrainingStart start;
  start.progress.epoch = 1;
  start.progress.batch = 5;
  start.progress.step = 21;
  start.accumulators = {3.5, 40};
  auto resumed = epoch_start(start, 1);
  EXPECT_EQ(resumed.batch, 5);
  EXPECT_EQ(resumed.accumulators.loss_sum, 3.5);
  EXPECT_EQ(resumed.accumulators.loss_count, 40);
  auto next = epoch_start(start, 2);  // later epochs start from scratch
  EXPECT_EQ(next.batch, 0);
  EXPECT_EQ(next.accumulators.loss_sum, 0);
  EXPECT_EQ(next.accumulators.loss_count, 0);
  auto fresh = epoch_start(TrainingStart{}, 0);
  EXPECT_EQ(fresh.batch, 0);
  EXPECT_EQ(fresh.accumulators.loss_count, 0);
}

TEST(ResumePolicy, PeriodicCheckpointsSkipTheStepThatEndsAnEpoch) {
  EXPECT_TRUE(periodic_checkpoint_due(10, 10, false));
  EXPECT_TRUE(periodic_checkpoint_due(20, 10, false));
  EXPECT_FALSE(periodic_checkpoint_due(15, 10, false));
  EXPECT_FALSE(periodic_checkpoint_due(10, 10, true));  // the epoch-end checkpoint follows at the same step
  EXPECT_FALSE(periodic_checkpoint_due(10, 0, false));  // 0: epoch ends only
  EXPECT_TRUE(periodic_checkpoint_due(1, 1, false));
}

TEST(MicroBatchCount, PassesPerShare) {
  EXPECT_EQ(micro_batch_count(0, 3), 0);  // an empty share: no backward
  EXPECT_EQ(micro_batch_count(4, 0), 1);  // 0 = the whole share at once
  EXPECT_EQ(micro_batch_count(4, 4), 1);
  EXPECT_EQ(micro_batch_count(4, 3), 2);
  EXPECT_EQ(micro_batch_count(6, 3), 2);
  EXPECT_EQ(micro_batch_count(7, 3), 3);
  EXPECT_EQ(micro_batch_count(2, 8), 1);
}

}  // namespace
}  // namespace lnc::trainer
