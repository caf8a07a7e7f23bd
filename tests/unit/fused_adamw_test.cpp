// FusedAdamW (trainer/training/fused_adamw.h) against LibTorch's loop AdamW: the same parameter updates within
// 1e-6 over 20 steps with the training run's two groups (weight decay 0.01 and 0) and a learning rate that changes
// every step (warmup then decay, as the schedule sets it); the state of either loads into the other mid-run and
// the run continues as if uninterrupted (checkpoints of today's optimizer stay loadable, and the other way round).
#include <gtest/gtest.h>

#include <sstream>

#include "config/run_config.h"
#include "trainer/components/lr_schedule.h"
#include "trainer/training/fused_adamw.h"
#include "trainer/training/optimizer_builder.h"

namespace lnc::trainer {
namespace {

struct Setup {
  std::vector<torch::Tensor> decayed, undecayed;
  std::vector<torch::Tensor> all() const {
    auto out = decayed;
    out.insert(out.end(), undecayed.begin(), undecayed.end());
    return out;
  }
};

Setup make_parameters() {
  torch::manual_seed(3);
  Setup s;
  for (auto shape : {std::vector<std::int64_t>{7, 5}, {3, 4, 2}, {64}})
    s.decayed.push_back(torch::randn(shape).requires_grad_(true));
  for (auto shape : {std::vector<std::int64_t>{5}, {7}}) s.undecayed.push_back(torch::randn(shape).requires_grad_(true));
  return s;
}

template <typename Optimizer>
std::unique_ptr<torch::optim::AdamW> make(const Setup& s) {
  config::OptimizerConfig c;  // lr 2e-3 here, betas/eps/weight decay the run defaults
  c.lr = 2e-3;
  auto options = [&](double wd) {
    return std::make_unique<torch::optim::AdamWOptions>(
        torch::optim::AdamWOptions(c.lr).betas({c.beta1, c.beta2}).eps(c.eps).weight_decay(wd));
  };
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(s.decayed, options(c.weight_decay));
  groups.emplace_back(s.undecayed, options(0.0));
  return std::make_unique<Optimizer>(groups, torch::optim::AdamWOptions(c.lr));
}

// Steps [from, to) with gradients drawn from (seed, step), the same for every optimizer.
void run_steps(torch::optim::AdamW& opt, const Setup& s, int from, int to) {
  for (int step = from; step < to; ++step) {
    torch::manual_seed(1000 + step);
    for (const auto& p : s.all()) p.mutable_grad() = torch::randn_like(p) * (step % 3 == 0 ? 10.0 : 0.1);
    set_learning_rate(opt, scheduled_lr(2e-3, step, 5, 20, "linear") + 1e-4);
    opt.step();
  }
}

double max_difference(const Setup& a, const Setup& b) {
  double worst = 0;
  const auto x = a.all(), y = b.all();
  for (size_t i = 0; i < x.size(); ++i) worst = std::max(worst, (x[i] - y[i]).abs().max().item<double>());
  return worst;
}

TEST(FusedAdamW, SameUpdatesAsTheLoopAdamWOver20Steps) {
  auto loop_params = make_parameters(), fused_params = make_parameters();
  auto loop = make<torch::optim::AdamW>(loop_params);
  auto fused = make<FusedAdamW>(fused_params);
  const auto start = make_parameters();
  for (int step = 0; step < 20; ++step) {
    run_steps(*loop, loop_params, step, step + 1);
    run_steps(*fused, fused_params, step, step + 1);
    EXPECT_LT(max_difference(loop_params, fused_params), 1e-6) << "after step " << step + 1;
  }
  EXPECT_GT(max_difference(loop_params, start), 1e-3);  // the parameters did move
  // The state is the loop's: the same step count and moments.
  const auto& ls = static_cast<torch::optim::AdamWParamState&>(*loop->state().at(loop_params.decayed[0].unsafeGetTensorImpl()));
  const auto& fs =
      static_cast<torch::optim::AdamWParamState&>(*fused->state().at(fused_params.decayed[0].unsafeGetTensorImpl()));
  EXPECT_EQ(ls.step(), 20);
  EXPECT_EQ(fs.step(), 20);
  EXPECT_LT((ls.exp_avg() - fs.exp_avg()).abs().max().item<double>(), 1e-6);
  EXPECT_LT((ls.exp_avg_sq() - fs.exp_avg_sq()).abs().max().item<double>(), 1e-6);
}

TEST(FusedAdamW, DecaysOnlyTheDecayedGroup) {
  auto s = make_parameters();
  auto fused = make<FusedAdamW>(s);
  const auto before = make_parameters();
  for (const auto& p : s.all()) p.mutable_grad() = torch::zeros_like(p);
  fused->step();  // zero gradients and zero moments: only weight decay moves a parameter
  EXPECT_GT(max_difference(s, before), 0.0);
  for (size_t i = 0; i < s.undecayed.size(); ++i) EXPECT_TRUE(torch::equal(s.undecayed[i], before.undecayed[i]));
  for (size_t i = 0; i < s.decayed.size(); ++i)
    EXPECT_TRUE(torch::allclose(s.decayed[i], before.decayed[i] * (1 - 2e-3 * 0.01), 0, 1e-7));
}

// Runs 10 steps with `First`, saves, loads into `Second` over copies of the parameters, runs 10 more, and compares
// with 20 uninterrupted loop steps.
template <typename First, typename Second>
void expect_resume_equivalent() {
  auto reference_params = make_parameters();
  auto reference = make<torch::optim::AdamW>(reference_params);
  run_steps(*reference, reference_params, 0, 20);

  auto first_params = make_parameters();
  auto first = make<First>(first_params);
  run_steps(*first, first_params, 0, 10);
  std::ostringstream bytes;
  {
    torch::serialize::OutputArchive archive;
    first->save(archive);
    archive.save_to(bytes);
  }
  Setup second_params;
  for (const auto& p : first_params.decayed) second_params.decayed.push_back(p.detach().clone().requires_grad_(true));
  for (const auto& p : first_params.undecayed) second_params.undecayed.push_back(p.detach().clone().requires_grad_(true));
  auto second = make<Second>(second_params);
  {
    std::istringstream in(bytes.str());
    torch::serialize::InputArchive archive;
    archive.load_from(in);
    second->load(archive);
  }
  run_steps(*second, second_params, 10, 20);
  EXPECT_LT(max_difference(reference_params, second_params), 1e-6);
}

TEST(FusedAdamW, ResumesFromTheLoopOptimizersStateAndTheLoopFromItsState) {
  expect_resume_equivalent<torch::optim::AdamW, FusedAdamW>();  // an old checkpoint, resumed today
  expect_resume_equivalent<FusedAdamW, torch::optim::AdamW>();  // today's checkpoint read by the old code
  expect_resume_equivalent<FusedAdamW, FusedAdamW>();
}

TEST(FusedAdamW, TheRunsOptimizerIsFused) {
  auto s = make_parameters();
  torch::OrderedDict<std::string, torch::Tensor> named;
  named.insert("layer.weight", s.decayed[0]);
  named.insert("layer.bias", s.undecayed[0]);
  auto opt = make_adamw(parameter_groups(named), config::OptimizerConfig{});
  EXPECT_NE(dynamic_cast<FusedAdamW*>(opt.get()), nullptr);
}

}  // namespace
}  // namespace lnc::trainer
