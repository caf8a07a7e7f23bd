// trainer/ops/dropout.h: the CPU mask from the counter-based generator held to what torch::dropout promises
// (kept values x / (1 - p), the rest 0, keep rate 1 - p, identity in eval, gradient through the same mask), plus
// what the counter-based draw adds: masks fixed by torch::manual_seed and independent of the thread count.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <ATen/Parallel.h>

#include <cmath>

#include "trainer/models/attention.h"
#include "trainer/ops/dropout.h"

namespace lnc::trainer {
namespace {

TEST(Dropout, IdentityInEvalOrAtZero) {
  auto x = torch::randn({4, 5});
  EXPECT_TRUE(inverted_dropout(x, 0.3, false).equal(x));
  EXPECT_TRUE(inverted_dropout(x, 0.0, true).equal(x));
  EXPECT_TRUE(inverted_dropout(x, 1.0, true).equal(torch::zeros_like(x)));
  EXPECT_THROW(inverted_dropout(x, 1.5, true), std::invalid_argument);
}

TEST(Dropout, KeptValuesAreScaledAndRateIsOneMinusP) {
  for (double p : {0.1, 0.5, 0.9}) {
    auto x = torch::rand({1000, 1001}) + 1.0;  // odd count: the last pair has one element
    auto y = inverted_dropout(x, p, true);
    auto kept = y.ne(0);
    const double n = static_cast<double>(x.numel());
    const double rate = kept.sum().item<double>() / n;
    const double sd = std::sqrt(p * (1 - p) / n);
    EXPECT_NEAR(rate, 1 - p, 5 * sd) << "p " << p;
    const float scale = 1.0f / static_cast<float>(1 - p);
    EXPECT_TRUE(y.masked_select(kept).equal(x.masked_select(kept) * scale)) << "p " << p;
    // Both halves of a pair are independent draws: P(both dropped) = p^2 over adjacent elements.
    auto dropped = y.eq(0).reshape({-1}).narrow(0, 0, 1000000).reshape({-1, 2});
    const double both = dropped.all(1).to(torch::kDouble).mean().item<double>();
    EXPECT_NEAR(both, p * p, 5 * std::sqrt(p * p * (1 - p * p) / 500000.0)) << "p " << p;
  }
}

TEST(Dropout, BfloatNoiseHasTheDtypeScale) {
  auto x = torch::ones({64, 64}, torch::kBFloat16);
  auto y = inverted_dropout(x, 0.1, true);
  EXPECT_EQ(y.scalar_type(), torch::kBFloat16);
  const auto kept = static_cast<float>(static_cast<c10::BFloat16>(1.0f / 0.9f));
  EXPECT_TRUE(y.to(torch::kFloat).eq(0).logical_or(y.to(torch::kFloat).eq(kept)).all().item<bool>());
}

TEST(Dropout, SeededByTorchAndIndependentOfThreads) {
  auto x = torch::ones({300, 777});
  const int threads = at::get_num_threads();
  torch::manual_seed(7);
  at::set_num_threads(1);
  auto a = inverted_dropout(x, 0.25, true);
  auto a2 = inverted_dropout(x, 0.25, true);
  torch::manual_seed(7);
  at::set_num_threads(2);
  auto b = inverted_dropout(x, 0.25, true);
  at::set_num_threads(threads);
  EXPECT_TRUE(a.equal(b));
  EXPECT_FALSE(a.equal(a2));  // every call draws a new seed
  EXPECT_TRUE(cpu_dropout_noise(x, 0.25, 99).equal(cpu_dropout_noise(x, 0.25, 99)));
}

TEST(Dropout, GradientGoesThroughTheSameMask) {
  auto x = torch::randn({50, 40}, torch::requires_grad());
  auto g = torch::randn({50, 40});
  auto y = inverted_dropout(x, 0.3, true);
  (y * g).sum().backward();
  const auto mask = y.detach().ne(0) | x.detach().eq(0);
  EXPECT_TRUE(x.grad().allclose(g * mask.to(torch::kFloat) / 0.7f, 1e-6, 1e-6));
}

TEST(Dropout, CpuAttentionWithDropoutIsTheMathOnThatMask) {
  // The explicit path with probabilities applies the same dropout: with one seed both give the same context, and
  // that context is softmax(q k^T s + bias) times the noise the seed gives, times v.
  torch::manual_seed(3);
  auto q = torch::randn({2, 3, 7, 4}), k = torch::randn({2, 3, 7, 4}), v = torch::randn({2, 3, 7, 4});
  auto bias = torch::randn({2, 1, 1, 7});
  const double scale = 0.5;
  torch::manual_seed(11);
  auto fused = scaled_dot_product(q, k, v, bias, scale, 0.2, true, false).context;
  torch::manual_seed(11);
  auto explicit_path = scaled_dot_product(q, k, v, bias, scale, 0.2, true, true).context;
  EXPECT_TRUE(fused.allclose(explicit_path, 1e-5, 1e-6));
  auto probabilities = torch::softmax(torch::matmul(q, k.transpose(-1, -2)) * scale + bias, -1);
  torch::manual_seed(11);
  auto by_hand = torch::matmul(inverted_dropout(probabilities, 0.2, true), v);
  EXPECT_TRUE(fused.allclose(by_hand, 1e-5, 1e-6));
  // Without dropout (or in eval) it is ATen's attention as before.
  auto sdpa = at::scaled_dot_product_attention(q, k, v, bias, 0.0, false, scale);
  EXPECT_TRUE(scaled_dot_product(q, k, v, bias, scale, 0.2, false, false).context.allclose(sdpa, 1e-5, 1e-6));
}

}  // namespace
}  // namespace lnc::trainer
