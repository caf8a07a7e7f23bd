// The grid's ETA as pure functions (launcher/grid/eta_estimate.h), and the cost estimate of the baseline that
// made the first ETA far too short.
#include <gtest/gtest.h>

#include <cmath>

#include "launcher/grid/cost_estimate.h"
#include "launcher/grid/eta_estimate.h"

namespace lnc::launcher {
namespace {

TEST(GridEta, StepClockMeasuresThisAttemptsRate) {
  StepClock c;
  EXPECT_FALSE(c.has_rate());
  EXPECT_TRUE(std::isnan(c.remaining_seconds(0)));
  // A run resumed at step 300 of 450: its first report after 30 s of start-up says step 301.
  c.report(30, 301, 450);
  EXPECT_FALSE(c.has_rate());  // one report: no rate yet
  c.report(40, 311, 450);      // 10 steps in 10 s
  ASSERT_TRUE(c.has_rate());
  EXPECT_DOUBLE_EQ(c.seconds_per_step(), 1.0);
  EXPECT_DOUBLE_EQ(c.remaining_seconds(40), 139.0);
  EXPECT_DOUBLE_EQ(c.remaining_seconds(45), 134.0);  // time since the latest report counts
  EXPECT_DOUBLE_EQ(c.remaining_seconds(1000), 0.0);
}

// The quickstart's case: the baseline finished in 2.5 s, the BERT point is at step 90 of 450 at 1 step/s.
// The old estimate (elapsed x remaining cost / cost done, with the baseline costed like the BERT) gave about a
// minute; the step rate gives the 360 s that are left.
TEST(GridEta, ARunningPointsRemainingStepsAtItsOwnRate) {
  StepClock bert;
  bert.report(5, 1, 450);
  bert.report(94, 90, 450);
  const double eta = grid_eta_seconds({bert.remaining_seconds(94), 0.0}, {QueuedPhase{2, 1, {}}}, NAN);
  EXPECT_DOUBLE_EQ(eta, 360.0);
}

TEST(GridEta, QueuedPointsAreReplayedOnTheGroupsThatFreeUpFirstPhaseByPhase) {
  // Current phase: two groups of one rank, busy for 100 s and idle; queue of costs 50 and 30 (1 rank-s per unit):
  // 50 goes to the idle group (free at 50), 30 then to the same group (free at 80 < 100): the phase ends at 100.
  // Next phase: one group of two ranks, cost 40 -> 20 s. Total 120 s.
  const std::vector<QueuedPhase> phases{{2, 1, {50, 30}}, {1, 2, {40}}};
  EXPECT_DOUBLE_EQ(grid_eta_seconds({100, 0}, phases, 1.0), 120.0);
  // At 2 rank-s per unit: 100 s to the idle group (both free at 100), 60 s after that (160), then 40 s.
  EXPECT_DOUBLE_EQ(grid_eta_seconds({100, 0}, phases, 2.0), 200.0);
}

TEST(GridEta, UnknownUntilMeasured) {
  EXPECT_TRUE(std::isnan(grid_eta_seconds({NAN, 0}, {QueuedPhase{2, 1, {}}}, 1.0)));  // a running point: no rate
  EXPECT_TRUE(std::isnan(grid_eta_seconds({10, 0}, {QueuedPhase{2, 1, {5}}}, NAN)));  // a queued one: no calibration
  EXPECT_DOUBLE_EQ(grid_eta_seconds({10, 0}, {QueuedPhase{2, 1, {}}}, NAN), 10.0);     // nothing queued
  EXPECT_DOUBLE_EQ(grid_eta_seconds({}, {}, NAN), 0.0);

  CostCalibration cal;
  EXPECT_TRUE(std::isnan(cal.rank_seconds_per_weight()));
  cal.add(100, 50);
  cal.add(60, 30);
  cal.add(NAN, 10);  // ignored
  cal.add(5, 0);     // ignored
  EXPECT_DOUBLE_EQ(cal.rank_seconds_per_weight(), 2.0);
}

TEST(GridEta, TheBaselineCostsOneUnitNotANetwork) {
  config::RunConfig run;
  run.data.tokenizer = "kmer";
  run.data.k = 3;
  run.data.length = 300;
  run.model.architecture.family = "lr_tfidf";
  run.model.architecture.hidden_size = 64;
  run.model.architecture.num_layers = 2;
  run.model.architecture.intermediate_size = 256;
  run.model.architecture.max_position_embeddings = 512;
  run.training.max_steps = 450;
  auto baseline = estimate_cost(run);
  EXPECT_EQ(baseline.steps, 0);
  EXPECT_DOUBLE_EQ(baseline.weight(), 1.0);
  run.model.architecture.family = "bert";
  auto bert = estimate_cost(run);
  EXPECT_EQ(bert.steps, 450);
  EXPECT_GT(bert.weight(), 1e6 * baseline.weight());
}

}  // namespace
}  // namespace lnc::launcher
