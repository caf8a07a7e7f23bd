// LoRA: parity with PEFT's Linear (fixture lora_linear), PEFT's trainable-parameter count, frozen base, PEFT adapter
// files round trip, merge.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "tests/unit/test_paths.h"
#include "trainer/checkpoint/safetensors_torch.h"
#include "trainer/lora/apply_lora.h"
#include "trainer/lora/lora_linear.h"
#include "trainer/lora/lora_run_export.h"
#include "trainer/lora/peft_adapter.h"
#include "trainer/models/esm/esm_model.h"

namespace lnc::trainer {
namespace {

double max_diff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

TEST(Lora, LinearMatchesPeftFixture) {
  auto weights = load_safetensors(test_paths::source("tests/fixtures/lora_linear/model.safetensors"));
  auto expected = load_safetensors(test_paths::source("tests/fixtures/lora_linear/expected.safetensors"));
  AdaptableLinear layer = adaptable_linear(32, 24);
  layer->attach_lora({/*r=*/4, /*alpha=*/8.0, /*dropout=*/0.1});
  {
    torch::NoGradGuard g;
    layer->weight.copy_(weights.at("weight"));
    layer->bias.copy_(weights.at("bias"));
    layer->lora_A()->weight.copy_(weights.at("lora_A.default.weight"));
    layer->lora_B()->weight.copy_(weights.at("lora_B.default.weight"));
  }
  layer->eval();
  torch::NoGradGuard g;
  auto x = expected.at("input");
  EXPECT_LT(max_diff(layer(x), expected.at("output")), 1e-5);
  EXPECT_LT(max_diff(layer->delta_weight(), expected.at("delta_weight")), 1e-5);
  layer->merge_and_unload();
  EXPECT_FALSE(layer->has_lora());
  EXPECT_LT(max_diff(layer->weight, expected.at("merged_weight")), 1e-5);
  EXPECT_LT(max_diff(layer(x), expected.at("output_after_merge")), 1e-5);
}

TEST(Lora, FreshAdapterIsIdentityAndInitialisedAsPeft) {
  torch::manual_seed(3);
  AdaptableLinear layer = adaptable_linear(64, 16);
  auto x = torch::randn({2, 64});
  auto before = layer(x).detach();
  layer->attach_lora({8, 16.0, 0.0});
  EXPECT_EQ(layer->lora_B()->weight.abs().sum().item<double>(), 0.0);  // B zeros
  // kaiming_uniform(a=sqrt(5)) on [r, in]: bound = 1/sqrt(in)
  EXPECT_LE(layer->lora_A()->weight.abs().max().item<double>(), 1.0 / std::sqrt(64.0) + 1e-7);
  EXPECT_GT(layer->lora_A()->weight.abs().max().item<double>(), 0.5 / std::sqrt(64.0));
  EXPECT_EQ(max_diff(layer(x), before), 0.0);
}

TEST(Lora, PeftTargetMatching) {
  EXPECT_TRUE(lora_target_matches("esm.encoder.layer.0.attention.self.query", "query"));
  EXPECT_TRUE(lora_target_matches("query", "query"));
  EXPECT_FALSE(lora_target_matches("esm.encoder.layer.0.attention.self.myquery", "query"));
  EXPECT_TRUE(lora_target_matches("bert.encoder.layer.3.attention.self.Wqkv", "Wqkv"));
}

ModelConfig tiny_nt() {
  ModelConfig c;  // NT v1 layout (ESM, absolute positions), as the PEFT check below
  c.family = "esm";
  c.vocab_size = 33;
  c.hidden_size = 32;
  c.num_layers = 2;
  c.num_heads = 4;
  c.intermediate_size = 64;
  c.max_position_embeddings = 64;
  c.pad_token_id = 1;
  c.mask_token_id = 2;
  c.layer_norm_eps = 1e-5;
  c.hidden_act = "gelu";
  return c;
}

// Trainable parameters of an NT-shaped (ESM) classifier with LoRA on query, key, value, dense and the head in full:
//   per layer  4 * r * (H + H)        query, key, value, attention.output.dense
//            + r * (H + F_int)        intermediate.dense (F_int = F, or 2F for NT v2's gated FFN)
//            + r * (F + H)            output.dense
//   head       H*H + H + H*num_labels + num_labels   (classifier.dense gets no adapter: it is in modules_to_save)
// PEFT 0.21.2 (get_peft_model(EsmForSequenceClassification(EsmConfig(vocab 33, hidden 32, layers 2, heads 4,
// intermediate 64, max positions 64, absolute)), LoraConfig(SEQ_CLS, r 8, alpha 16, dropout 0.05,
// target_modules [query, key, value, dense])).print_trainable_parameters()) printed "trainable params: 8,290".
std::int64_t nt_lora_trainable(std::int64_t H, std::int64_t F, std::int64_t layers, std::int64_t r, std::int64_t labels) {
  return layers * (4 * r * (H + H) + r * (H + F) + r * (F + H)) + H * H + H + H * labels + labels;
}

TEST(Lora, TrainableCountEqualsPeft) {
  EXPECT_EQ(nt_lora_trainable(32, 64, 2, 8, 2), 8290);
  EsmForSequenceClassification model(tiny_nt());
  LoraSettings s;
  s.enabled = true;
  auto applied = apply_lora(model, s);
  EXPECT_EQ(applied.trainable_parameters, 8290);
  EXPECT_EQ(applied.adapted_modules.size(), 12u);
  ASSERT_EQ(applied.saved_modules.size(), 1u);
  EXPECT_EQ(applied.saved_modules[0], "classifier");
  std::int64_t counted = 0;
  for (auto& p : trainable_parameters(model)) counted += p.numel();
  EXPECT_EQ(counted, 8290);
  // NT-500M v1 shape (H 1280, F 5120, 24 layers) with the study's r 8: the formula on the real module shapes.
  EXPECT_EQ(nt_lora_trainable(1280, 5120, 24, 8, 2), 24 * (4 * 8 * 2560 + 8 * 6400 * 2) + 1280 * 1280 + 1280 + 2560 + 2);
}

TEST(Lora, OnlyAdaptersAndHeadTrainAndTheBaseStaysBitForBit) {
  torch::manual_seed(5);
  EsmForSequenceClassification model(tiny_nt());
  LoraSettings s;
  s.enabled = true;
  s.dropout = 0.0;
  apply_lora(model, s);
  std::map<std::string, torch::Tensor> frozen;
  for (auto& p : model.named_parameters())
    if (!p.value().requires_grad()) frozen[p.key()] = p.value().clone();
  ASSERT_FALSE(frozen.empty());
  torch::optim::AdamW opt(trainable_parameters(model), torch::optim::AdamWOptions(1e-2));
  auto ids = torch::randint(3, 33, {4, 10});
  auto mask = torch::ones({4, 10}, torch::kLong);
  auto labels = torch::tensor({0, 1, 0, 1});
  double first = 0, last = 0;
  for (int step = 0; step < 20; ++step) {
    opt.zero_grad();
    auto loss = torch::nn::functional::cross_entropy(model.forward(ids, mask).logits, labels);
    loss.backward();
    opt.step();
    (step == 0 ? first : last) = loss.item<double>();
  }
  EXPECT_LT(last, first);
  for (auto& p : model.named_parameters()) {
    if (p.value().requires_grad()) continue;
    EXPECT_FALSE(p.value().grad().defined()) << p.key();
    EXPECT_TRUE(torch::equal(p.value(), frozen.at(p.key()))) << p.key();
  }
}

TEST(Lora, PeftAdapterRoundTripAndMerge) {
  torch::manual_seed(7);
  auto config = tiny_nt();
  EsmForSequenceClassification base(config);
  EsmForSequenceClassification trained(config);
  {
    torch::NoGradGuard g;
    auto src = base.named_parameters();
    for (auto& p : trained.named_parameters()) p.value().copy_(src[p.key()]);
  }
  LoraSettings s;
  s.enabled = true;
  apply_lora(trained, s);
  {
    torch::NoGradGuard g;  // non-zero B so the adapter matters
    for (auto& p : trained.named_parameters())
      if (p.key().find("lora_B") != std::string::npos) p.value().normal_(0, 0.2);
  }
  trained.eval();
  auto ids = torch::randint(3, 33, {3, 9});
  auto mask = torch::ones({3, 9}, torch::kLong);
  torch::NoGradGuard g;
  auto logits = trained.forward(ids, mask).logits;
  const auto dir = test_paths::scratch_dir() + "/adapter";
  save_peft_adapter(trained, s, dir, "tiny-nt");
  auto files = load_safetensors(dir + "/adapter_model.safetensors");
  EXPECT_EQ(files.size(), 2u * 12u + 4u);
  EXPECT_TRUE(files.count("base_model.model.esm.encoder.layer.0.attention.self.query.lora_A.weight"));
  EXPECT_TRUE(files.count("base_model.model.esm.encoder.layer.1.output.dense.lora_B.weight"));
  EXPECT_TRUE(files.count("base_model.model.classifier.dense.weight"));
  EXPECT_TRUE(files.count("base_model.model.classifier.out_proj.bias"));

  auto reloaded_settings = load_peft_adapter(base, dir);
  EXPECT_EQ(reloaded_settings.r, 8);
  base.eval();
  EXPECT_TRUE(torch::equal(base.forward(ids, mask).logits, logits));

  // Merged: a plain model (HF names only) with the same logits.
  const auto merged_model = merged_copy(trained);
  EsmForSequenceClassification plain(config);
  auto merged = merged_model->named_parameters();
  auto plain_params = plain.named_parameters();
  ASSERT_EQ(merged.size(), plain_params.size());
  for (auto& p : plain_params) p.value().copy_(merged[p.key()]);
  plain.eval();
  EXPECT_LT(max_diff(plain.forward(ids, mask).logits, logits), 1e-5);
}

}  // namespace
}  // namespace lnc::trainer
