// `lnctrain plan` arithmetic against hand-computed byte counts for NT-500M and NT-2.5B (v1) with the study's LoRA.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

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
//  On CUDA (fused attention, 1-byte dropout masks), frozen base, dropout 0.1, n = T H, m = T F, e = 4 (fp32) or 2:
//  layer act = ESM layer:  LayerNorm(x) 4n+8T, attention 3en + en + 4aT, dropout n, LayerNorm(y) 4n+8T,
//              gelu input e m, dropout n   (the frozen Linears keep none of their inputs)
//            + 6 adapters (q, k, v, attention dense, intermediate: in H; output: in F), each T in (mask)
//              + e' T in (dropped input; e' = 2 under autocast) + e' T r   [fp32: 51n + 9m + 4aT + 16T + 24Tr]
//  per sample = Lyr * layer + 8n (outside the layers) + 4m + 8n (one layer's backward transient)
//  total     = weights + optimizer + max(micro x per sample (+ gradients with >1 micro-batch), gradients) + 1 GiB
TEST(MemoryPlan, Nt500mLoraFp32) {
  auto r = plan_memory(study_lora(nt_v1(1280, 24, 20, 5120), "fp32"));
  EXPECT_EQ(r.parameters, 480443363 + 4423680);  // base + adapters
  EXPECT_EQ(r.trainable, 6065922);
  EXPECT_EQ(r.adapted_modules, 24 * 6);
  EXPECT_EQ(r.weight_bytes, 1939468172);
  EXPECT_EQ(r.gradient_bytes, 24263688);
  EXPECT_EQ(r.optimizer_bytes, 48527376);
  EXPECT_EQ(r.activation_bytes_per_sample, 911371520);  // 24 x 37402080 + 3430400 + 10291200
  EXPECT_EQ(r.total_bytes, 1939468172 + 48527376 + 32LL * 911371520 + (1LL << 30));
  EXPECT_TRUE(r.fits);
  EXPECT_EQ(r.recommended_micro_batch, 32);
}

TEST(MemoryPlan, Nt2500mLoraAt2000bpOn80GiB) {
  auto m = nt_v1(2560, 32, 20, 10240);
  auto fp32 = plan_memory(study_lora(m, "fp32"));
  EXPECT_EQ(fp32.parameters, 2537293443 + 11796480);
  EXPECT_EQ(fp32.trainable, 18357762);
  EXPECT_EQ(fp32.weight_bytes, 10196359692);
  EXPECT_EQ(fp32.activation_bytes_per_sample, 2418088960);
  EXPECT_EQ(fp32.total_bytes, 10196359692 + 146862096 + 32LL * 2418088960 + (1LL << 30));  // 82.7 GiB: does not fit
  EXPECT_FALSE(fp32.fits);
  EXPECT_EQ(fp32.recommended_micro_batch, 16);  // 46.7 GiB; 2 micro-batches per step

  auto bf16 = plan_memory(study_lora(m, "bf16"));  // bf16 autocast + frozen base held in bf16
  EXPECT_EQ(bf16.weight_bytes, 5134895370);
  EXPECT_EQ(bf16.activation_bytes_per_sample, 1483991040);
  EXPECT_EQ(bf16.total_bytes, 5134895370 + 146862096 + 32LL * 1483991040 + (1LL << 30));  // 50.1 GiB
  EXPECT_TRUE(bf16.fits);
  EXPECT_EQ(bf16.recommended_micro_batch, 32);

  auto in = study_lora(m, "fp32");
  in.activation_checkpointing = true;
  auto ckpt = plan_memory(in);
  EXPECT_EQ(ckpt.activation_bytes_per_sample, 211923680);  // Lyr 4n + one layer + 8n + transient
  EXPECT_TRUE(ckpt.fits);
}

// Gradient accumulation: the first micro-batch's gradients are resident while the second's activations are.
TEST(MemoryPlan, MicroBatchesAddTheResidentGradients) {
  auto in = study_lora(nt_v1(2560, 32, 20, 10240), "fp32");
  in.micro_batch = 16;
  const auto r = plan_memory(in);
  EXPECT_EQ(r.total_bytes, 10196359692 + 146862096 + 16LL * 2418088960 + 73431048 + (1LL << 30));
}

// CPU's math attention path (attention dropout > 0) keeps three fp32 heads x L^2 tensors per layer; CUDA's fused
// kernels keep none.
TEST(MemoryPlan, CpuMathAttentionKeepsScores) {
  auto in = study_lora(nt_v1(1280, 24, 20, 5120), "fp32");
  const auto cuda = plan_memory(in);
  in.device = "cpu";
  const auto cpu = plan_memory(in);
  const std::int64_t T = 335, scores = 20 * T * T;
  // per layer: math attention (fp32 scaled q, k, v copies and 3 fp32 score tensors: 12n + 12 scores) instead of
  // the fused kernel's q, k, v, output and log-sum-exp (16n + 4aT); CPU dropout noise of 4 B per element instead
  // of the 1-byte mask (+3n for each of the 2 dropouts, +3 T in per adapter); and in backward the scores'
  // transient gradients (8 B per score) where they exceed the FFN's
  const std::int64_t n = T * 1280, m = T * 5120;
  const std::int64_t per_layer = 12 * scores - 4 * n - 4 * 20 * T + 6 * n + 3 * (5 * n + m);
  const std::int64_t transient = std::max<std::int64_t>(8 * scores, 4 * m) - 4 * m;
  EXPECT_EQ(cpu.activation_bytes_per_sample - cuda.activation_bytes_per_sample, 24 * per_layer + transient);
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
