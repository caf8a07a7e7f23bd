// Activation checkpointing and gradient accumulation give the plain path's gradients; the plan's parameter formula
// equals the numel of built ESM models.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "launcher/plan/memory_plan.h"
#include "trainer/components/micro_batches.h"
#include "trainer/lora/apply_lora.h"
#include "trainer/models/esm/esm_model.h"

namespace lnc::trainer {
namespace {

ModelConfig tiny_esm(bool rotary_gated) {
  ModelConfig c;
  c.family = "esm";
  c.vocab_size = 40;
  c.hidden_size = 32;
  c.num_layers = 3;
  c.num_heads = 4;
  c.intermediate_size = 48;
  c.max_position_embeddings = 64;
  c.pad_token_id = 1;
  c.mask_token_id = 2;
  c.hidden_dropout = 0.0;  // deterministic: the paths must agree exactly up to rounding
  c.attention_dropout = 0.0;
  if (rotary_gated) {
    c.position_embedding_type = "rotary";
    c.gated_ffn = true;
    c.add_bias_ffn = false;
  }
  return c;
}

std::map<std::string, torch::Tensor> grads_after(EsmForSequenceClassification& model, std::int64_t micro_batch) {
  model.zero_grad();
  torch::manual_seed(11);
  auto ids = torch::randint(3, 40, {6, 12});
  auto mask = torch::ones({6, 12}, torch::kLong);
  mask.index_put_({5, torch::indexing::Slice(8, torch::indexing::None)}, 0);
  auto labels = torch::tensor({0, 1, 1, 0, 1, 0});
  backward_in_micro_batches(model, ids, mask, labels, micro_batch, /*global_count=*/6.0);
  std::map<std::string, torch::Tensor> out;
  for (auto& p : model.named_parameters())
    if (p.value().requires_grad()) out[p.key()] = p.value().grad().clone();
  return out;
}

void expect_same(const std::map<std::string, torch::Tensor>& a, const std::map<std::string, torch::Tensor>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (auto& [name, g] : a) {
    ASSERT_TRUE(g.defined()) << name;
    EXPECT_TRUE(torch::allclose(g, b.at(name), 1e-5, 1e-6)) << name << " max diff "
                                                            << (g - b.at(name)).abs().max().item<double>();
  }
}

TEST(ActivationCheckpoint, SameGradientsAsThePlainPathFullAndLora) {
  for (bool lora : {false, true}) {
    torch::manual_seed(1);
    EsmForSequenceClassification model(tiny_esm(lora));
    if (lora) {
      LoraSettings s;
      s.enabled = true;
      s.dropout = 0.0;
      apply_lora(model, s);
      torch::NoGradGuard g;
      for (auto& p : model.named_parameters())
        if (p.key().find("lora_B") != std::string::npos) p.value().normal_(0, 0.1);
    }
    model.train();
    auto plain = grads_after(model, 0);
    model.set_activation_checkpointing(true);
    auto recomputed = grads_after(model, 0);
    expect_same(plain, recomputed);
  }
}

TEST(MicroBatches, AccumulatedGradientsEqualOnePass) {
  torch::manual_seed(2);
  EsmForSequenceClassification model(tiny_esm(false));
  model.train();
  auto one_pass = grads_after(model, 0);
  expect_same(one_pass, grads_after(model, 2));
  expect_same(one_pass, grads_after(model, 4));  // uneven last micro-batch (4 + 2)
}

TEST(MemoryPlanModel, ParameterFormulaEqualsBuiltEsmModels) {
  for (bool rotary_gated : {false, true}) {
    auto c = tiny_esm(rotary_gated);
    EsmForSequenceClassification model(c);
    std::int64_t numel = 0;
    for (auto& p : model.parameters()) numel += p.numel();
    EXPECT_EQ(launcher::parameter_count(c), numel) << (rotary_gated ? "rotary+gated" : "absolute");
    launcher::PlanInput in;
    in.model = c;
    in.lora.enabled = true;
    auto applied = apply_lora(model, in.lora);
    EXPECT_EQ(launcher::plan_memory(in).trainable, applied.trainable_parameters);
  }
}

}  // namespace
}  // namespace lnc::trainer
