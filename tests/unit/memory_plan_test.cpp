// `lnctrain plan` arithmetic against hand-computed byte counts for NT-500M and NT-2.5B (v1) with the study's LoRA.
#include <gtest/gtest.h>

#include "launcher/plan/memory_plan.h"

namespace lnc::launcher {
namespace {

config::ModelConfig nt_v1(int hidden, int layers, int heads, int ffn) {
  config::ModelConfig c;
  c.family = "esm";
  c.vocab_size = 4107;
  c.hidden_size = hidden;
  c.num_layers = layers;
  c.num_heads = heads;
  c.intermediate_size = ffn;
  c.max_position_embeddings = 1002;
  c.position_embedding_type = "absolute";
  return c;
}

PlanInput study_lora(const config::ModelConfig& m, const std::string& precision) {
  PlanInput in;
  in.model = m;
  in.lora.enabled = true;  // r 8, alpha 16, targets query, key, value, dense (the defaults)
  in.lora.base_dtype = precision == "bf16" ? "bf16" : "fp32";
  in.sequence_tokens = sequence_tokens("nt", 2000, 0, m.max_position_embeddings);
  in.per_rank_batch = 32;
  in.precision = precision;
  in.device_memory_gib = 80;
  return in;
}

TEST(MemoryPlan, NtTokensAt2000bp) { EXPECT_EQ(sequence_tokens("nt", 2000, 0, 1002), 335); }  // ceil(2000/6) + CLS

// Hand computation, H hidden, F ffn, Lyr layers, a heads, V 4107, P 1002, T 335 tokens, r 8, 2 labels:
//  params    = V H + P H + Lyr (4(H^2+H) + 4H + 2HF + F + H) + 2H + (Lyr a + 1) + H^2 + H + 2H + 2
//  lora      = Lyr (4 r 2H + r (H+F) + r (F+H));  head = H^2 + H + 2H + 2;  trainable = lora + head
//  weights   = 4 trainable + (2 if bf16 base else 4) (params - head)
//  layer act = e T (10H + 2F) + 2 e a T^2 + a T^2 + 2 T H + 4 T (4 (H+r) + (H+r) + (F+r))
//  per sample = Lyr * layer + 2 e T H;  fixed = weights + 12 trainable + 1 GiB
TEST(MemoryPlan, Nt500mLoraFp32) {
  auto r = plan_memory(study_lora(nt_v1(1280, 24, 20, 5120), "fp32"));
  EXPECT_EQ(r.parameters, 480443363 + 4423680);  // base + adapters
  EXPECT_EQ(r.trainable, 6065922);
  EXPECT_EQ(r.adapted_modules, 24 * 6);
  EXPECT_EQ(r.weight_bytes, 1939468172);
  EXPECT_EQ(r.gradient_bytes, 24263688);
  EXPECT_EQ(r.optimizer_bytes, 48527376);
  EXPECT_EQ(r.activation_bytes_per_sample, 1621818080);
  EXPECT_EQ(r.total_bytes, 3086001060 + 32LL * 1621818080);
  EXPECT_TRUE(r.fits);
  EXPECT_EQ(r.recommended_micro_batch, 32);
}

TEST(MemoryPlan, Nt2500mLoraAt2000bpOn80GiB) {
  auto m = nt_v1(2560, 32, 20, 10240);
  auto fp32 = plan_memory(study_lora(m, "fp32"));
  EXPECT_EQ(fp32.parameters, 2537293443 + 11796480);
  EXPECT_EQ(fp32.trainable, 18357762);
  EXPECT_EQ(fp32.weight_bytes, 10196359692);
  EXPECT_EQ(fp32.activation_bytes_per_sample, 3674087040);
  EXPECT_EQ(fp32.total_bytes, 11490394660 + 32LL * 3674087040);  // 120.2 GiB: does not fit
  EXPECT_FALSE(fp32.fits);
  EXPECT_EQ(fp32.recommended_micro_batch, 16);  // 65.4 GiB; 2 micro-batches per step

  auto bf16 = plan_memory(study_lora(m, "bf16"));  // bf16 autocast + frozen base held in bf16
  EXPECT_EQ(bf16.weight_bytes, 5134895370);
  EXPECT_EQ(bf16.activation_bytes_per_sample, 2395405440);
  EXPECT_EQ(bf16.total_bytes, 6428930338 + 32LL * 2395405440);  // 77.4 GiB
  EXPECT_TRUE(bf16.fits);
  EXPECT_EQ(bf16.recommended_micro_batch, 32);

  auto in = study_lora(m, "fp32");
  in.activation_checkpointing = true;
  auto ckpt = plan_memory(in);
  EXPECT_EQ(ckpt.activation_bytes_per_sample, 231234420);  // Lyr 4 T H + one layer + 2 4 T H
  EXPECT_TRUE(ckpt.fits);
}

TEST(MemoryPlan, FullFineTuningCountsEveryParameter) {
  auto in = study_lora(nt_v1(1280, 24, 20, 5120), "fp32");
  in.lora.enabled = false;
  auto r = plan_memory(in);
  EXPECT_EQ(r.trainable, 480443363);
  EXPECT_EQ(r.weight_bytes, 4LL * 480443363);
  EXPECT_EQ(r.optimizer_bytes, 8LL * 480443363);
}

}  // namespace
}  // namespace lnc::launcher
