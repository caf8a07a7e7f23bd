// The optimizer builder (trainer/training/optimizer_builder.h): which parameters are weight-decayed (names of
// every length, the models of every family), the two AdamW groups' options, and that a step decays the first
// group only.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "config/run_config.h"
#include "trainer/models/model_factory.h"
#include "trainer/training/optimizer_builder.h"

namespace lnc::trainer {
namespace {

TEST(NoDecay, BiasesAndLayerNormsOfAnyNameLength) {
  EXPECT_TRUE(no_decay("bias"));
  EXPECT_TRUE(no_decay(".bias"));
  EXPECT_TRUE(no_decay("x.bias"));
  EXPECT_TRUE(no_decay("encoder.layer.0.attention.self.query.bias"));
  EXPECT_TRUE(no_decay("LayerNorm.weight"));
  EXPECT_TRUE(no_decay("embeddings.LayerNorm.bias"));
  EXPECT_TRUE(no_decay("esm.encoder.emb_layer_norm_after.weight"));
  EXPECT_TRUE(no_decay("final_layernorm.weight"));
  // Short names that are neither: before the fix every 4-character name counted as a bias (size() - 5 wrapped
  // around to npos, which is what rfind returns when it finds nothing).
  EXPECT_FALSE(no_decay(""));
  EXPECT_FALSE(no_decay("w"));
  EXPECT_FALSE(no_decay("a.b"));
  EXPECT_FALSE(no_decay("abcd"));
  EXPECT_FALSE(no_decay("wxyz"));
  EXPECT_FALSE(no_decay("bia"));
  EXPECT_FALSE(no_decay("abias"));
  EXPECT_FALSE(no_decay("a.bia"));
  EXPECT_FALSE(no_decay("ln.w"));
  EXPECT_FALSE(no_decay("weight"));
  EXPECT_FALSE(no_decay("mybias"));
  EXPECT_FALSE(no_decay("bias.weight"));
  EXPECT_FALSE(no_decay("classifier.weight"));
}

// A module whose parameters have short names: "weight", "bias", "abcd", and a LayerNorm and a Linear.
struct ShortNames : torch::nn::Module {
  ShortNames() {
    register_parameter("weight", torch::ones({3}));
    register_parameter("bias", torch::ones({3}));
    register_parameter("abcd", torch::ones({3}));
    register_module("LayerNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({3})));
    register_module("dense", torch::nn::Linear(3, 3));
    register_parameter("frozen", torch::ones({3}), /*requires_grad=*/false);
  }
};

TEST(ParameterGroups, SplitsTrainableParametersInOrder) {
  ShortNames m;
  auto groups = parameter_groups(m.named_parameters());
  EXPECT_EQ(groups.decayed_names, (std::vector<std::string>{"weight", "abcd", "dense.weight"}));
  EXPECT_EQ(groups.undecayed_names,
            (std::vector<std::string>{"bias", "LayerNorm.weight", "LayerNorm.bias", "dense.bias"}));
  ASSERT_EQ(groups.decayed.size(), 3u);
  ASSERT_EQ(groups.undecayed.size(), 4u);
  // trainable: both groups in named_parameters() order, the frozen parameter in neither.
  std::vector<const void*> expected;
  for (const auto& item : m.named_parameters())
    if (item.key() != "frozen") expected.push_back(item.value().unsafeGetTensorImpl());
  std::vector<const void*> got;
  for (const auto& t : groups.trainable) got.push_back(t.unsafeGetTensorImpl());
  EXPECT_EQ(got, expected);
  EXPECT_TRUE(groups.decayed[2].is_same(m.named_parameters()["dense.weight"]));
}

ModelConfig tiny(const std::string& family) {
  ModelConfig c;
  c.family = family;
  c.vocab_size = 40;
  c.hidden_size = 32;
  c.num_layers = 2;
  c.num_heads = 2;
  c.intermediate_size = 64;
  c.max_position_embeddings = 64;
  return c;
}

// In every family's model: every bias and layer-norm parameter is undecayed, every other parameter (linear and
// embedding weights, including the head's) decayed, and each group holds some of each kind.
TEST(ParameterGroups, EveryFamilyDecaysWeightsButNotBiasesOrLayerNorms) {
  for (const std::string family : {"bert", "dnabert2", "esm"}) {
    auto model = create_model(tiny(family));
    auto groups = parameter_groups(model->named_parameters());
    const std::set<std::string> undecayed(groups.undecayed_names.begin(), groups.undecayed_names.end());
    size_t norms = 0, biases = 0, trainable = 0;
    for (const auto& item : model->named_parameters()) {
      if (!item.value().requires_grad()) continue;  // ESM's unused contact head
      ++trainable;
      const std::string& name = item.key();
      const auto last = name.substr(name.rfind('.') + 1);
      const bool norm = name.find("LayerNorm") != std::string::npos || name.find("layer_norm") != std::string::npos ||
                        name.find("layernorm") != std::string::npos;
      EXPECT_EQ(undecayed.count(name) == 1, last == "bias" || norm) << family << " " << name;
      norms += norm;
      biases += last == "bias";
    }
    EXPECT_GT(norms, 0u) << family;
    EXPECT_GT(biases, 0u) << family;
    EXPECT_TRUE(std::any_of(groups.decayed_names.begin(), groups.decayed_names.end(),
                            [](const std::string& n) { return n.rfind("classifier.", 0) == 0; }))
        << family << ": the head's weights are decayed";
    EXPECT_EQ(groups.decayed.size() + groups.undecayed.size(), trainable) << family;
    EXPECT_EQ(groups.trainable.size(), trainable) << family;
  }
}

TEST(MakeAdamw, TwoGroupsWithTheConfiguredOptions) {
  ShortNames m;
  auto groups = parameter_groups(m.named_parameters());
  config::OptimizerConfig oc;
  oc.lr = 3e-4;
  oc.weight_decay = 0.05;
  oc.beta1 = 0.8;
  oc.beta2 = 0.95;
  oc.eps = 1e-6;
  auto adamw = make_adamw(groups, oc);
  ASSERT_EQ(adamw->param_groups().size(), 2u);
  for (size_t g = 0; g < 2; ++g) {
    const auto& o = static_cast<const torch::optim::AdamWOptions&>(adamw->param_groups()[g].options());
    EXPECT_EQ(o.lr(), 3e-4);
    EXPECT_EQ(o.weight_decay(), g == 0 ? 0.05 : 0.0) << g;
    EXPECT_EQ(std::get<0>(o.betas()), 0.8);
    EXPECT_EQ(std::get<1>(o.betas()), 0.95);
    EXPECT_EQ(o.eps(), 1e-6);
  }
  EXPECT_EQ(adamw->param_groups()[0].params().size(), 3u);
  EXPECT_EQ(adamw->param_groups()[1].params().size(), 4u);
  set_learning_rate(*adamw, 1e-5);
  for (auto& g : adamw->param_groups())
    EXPECT_EQ(static_cast<torch::optim::AdamWOptions&>(g.options()).lr(), 1e-5);
}

// With zero gradients Adam's update is 0, so a step only applies the decoupled weight decay: p *= 1 - lr * wd
// in group 0, nothing in group 1.
TEST(MakeAdamw, AStepDecaysTheDecayedGroupOnly) {
  ShortNames m;
  torch::NoGradGuard no_grad;
  for (auto& p : m.parameters()) p.fill_(2.0);
  auto groups = parameter_groups(m.named_parameters());
  config::OptimizerConfig oc;
  oc.lr = 0.1;
  oc.weight_decay = 0.5;
  auto adamw = make_adamw(groups, oc);
  for (auto& p : groups.trainable) p.mutable_grad() = torch::zeros_like(p);
  adamw->step();
  for (size_t i = 0; i < groups.decayed.size(); ++i)
    EXPECT_NEAR(groups.decayed[i].max().item<double>(), 2.0 * (1 - 0.1 * 0.5), 1e-6) << groups.decayed_names[i];
  for (size_t i = 0; i < groups.undecayed.size(); ++i)
    EXPECT_EQ(groups.undecayed[i].max().item<double>(), 2.0) << groups.undecayed_names[i];
}

}  // namespace
}  // namespace lnc::trainer
