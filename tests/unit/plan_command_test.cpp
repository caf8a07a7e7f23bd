// `lnctrain plan` run as a command on configs/nt_scale_plan.toml (NT-500M and NT-2.5B with the study's LoRA at
// 2000 bp, global batch 32, one rank, an 80 GiB device): every printed byte count against the hand computation
// below, which follows the formulas stated in launcher/plan/memory_plan.h.
//
// Common: vocabulary V 4107, positions P 1002, heads a 20, 2 labels, LoRA r 8 on query/key/value/dense (6 linears
// per layer), T = ceil(2000 / 6) + 1 (CLS) = 334 + 1 = 335 tokens, T^2 = 112225, overhead 1 GiB = 1073741824.
//
// NT-500M: H 1280, F 5120, 24 layers.
//   base = V H + P H + 24 (4(H^2+H) + 4H + 2HF + F + H) + 2H + (24 a + 1) + head
//        = 5256960 + 1282560 + 24 (6558720 + 5120 + 13107200 + 6400) + 2560 + 481 + 1642242
//        = 5256960 + 1282560 + 24 * 19677440 + 2560 + 481 + 1642242 = 480443363
//   head = H^2 + H + 2H + 2 = 1638400 + 1280 + 2560 + 2 = 1642242
//   lora = 24 (4 r 2H + r (H+F) + r (F+H)) = 24 (81920 + 51200 + 51200) = 24 * 184320 = 4423680
//   parameters = 480443363 + 4423680 = 484867043; trainable = 4423680 + 1642242 = 6065922
//   weights    = 4 * 6065922 + 4 * (480443363 - 1642242) = 24263688 + 1915204484 = 1939468172
//   gradients  = 4 * 6065922 = 24263688; optimizer = 8 * 6065922 = 48527376
//   Activations on CUDA (the plan's default kernels), frozen base, dropout 0.1, n = T H, m = T F, T r = 2680:
//   one layer (fp32) = LayerNorm(x) 4n + 8T, attention 4 (q, k, v, output) n + 4 a T, dropout mask n, LayerNorm(y)
//              4n + 8T, gelu input 4m, dropout mask n = 26n + 4m + 4aT + 16T; 6 adapters, each mask + fp32
//              dropped input 5 T in + 4 T r: 5 x 5n + 5m + 24 T r; sum 51n + 9m + 4aT + 16T + 24Tr
//              = 21868800 + 15436800 + 26800 + 5360 + 64320 = 37402080  (n 428800, m 1715200)
//   per sample = 24 * 37402080 + 8n (outside the layers) + 4m + 8n (backward transient)
//              = 897649920 + 3430400 + 6860800 + 3430400 = 911371520; x 32 = 29163888640
//   total = weights + optimizer + max(activations, gradients) + overhead
//         = 1939468172 + 48527376 + 29163888640 + 1073741824 = 32225626012 (30.01 GiB): fits at 32.
//
// NT-2.5B: H 2560, F 10240, 32 layers.
//   base = 10513920 + 2565120 + 32 (26224640 + 10240 + 52428800 + 12800) + 5120 + 641 + 6561282
//        = 10513920 + 2565120 + 32 * 78676480 + 5120 + 641 + 6561282 = 2537293443
//   head = 6553600 + 2560 + 5120 + 2 = 6561282
//   lora = 32 (4 * 8 * 5120 + 8 * 12800 + 8 * 12800) = 32 * 368640 = 11796480
//   parameters = 2549089923; trainable = 11796480 + 6561282 = 18357762
//   gradients = 73431048; optimizer = 146862096; frozen = 2537293443 - 6561282 = 2530732161
//   fp32:  weights = 73431048 + 4 * 2530732161 = 10196359692
//          layer = 51n + 9m + 4aT + 16T + 24Tr = 43737600 + 30873600 + 26800 + 5360 + 64320 = 74707680
//                  (n 857600, m 3430400)
//          per sample = 32 * 74707680 + 8n + 4m + 8n = 2390645760 + 6860800 + 13721600 + 6860800 = 2418088960
//          micro-batch 32: 10196359692 + 146862096 + 32 * 2418088960 + 1073741824 = 88795810332 (82.70 GiB)
//                          > 80 GiB = 85899345920: no;
//          micro-batch 16: + 16 * 2418088960 + 73431048 (the first micro-batch's gradients stay resident)
//                          = 50179818020 (46.73 GiB): fits -> recommended 16, 2 steps.
//   bf16 autocast + base held in bf16 (linear outputs and the adapters' dropped inputs 2 B):
//          weights = 73431048 + 2 * 2530732161 = 5134895370
//          layer = 4n+8T + 2 (q, k, v, output) n + 4aT + n + 4n+8T + 2m + n = 18n + 2m + 4aT + 16T;
//                  adapters 5 (3n) + 3m + 12Tr; sum 33n + 5m + 4aT + 16T + 12Tr
//                = 28300800 + 17152000 + 26800 + 5360 + 32160 = 45517120
//          per sample = 32 * 45517120 + 6860800 + 13721600 + 6860800 = 1483991040
//          total = 5134895370 + 146862096 + 32 * 1483991040 + 1073741824 = 53843212570 (50.15 GiB): fits,
//          29.85 GiB (37%) below 80 GiB.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <vector>

#include "tests/unit/mpi_launch.h"

namespace lnc {
namespace {

using namespace test_paths;
using Block = std::map<std::string, std::string>;  // key -> value text after "key: "

std::vector<Block> parse_plan(const std::string& output) {
  std::vector<Block> blocks;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(": ");
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon);
    key.erase(0, key.find_first_not_of(' '));
    if (key == "run") blocks.emplace_back();
    if (!blocks.empty()) blocks.back()[key] = line.substr(colon + 2);
  }
  return blocks;
}

// The leading integer of a value ("1939468172 (1.81 GiB)" -> 1939468172).
long long number(const Block& b, const std::string& key) {
  auto it = b.find(key);
  if (it == b.end()) {
    ADD_FAILURE() << "no " << key;
    return -1;
  }
  return std::stoll(it->second);
}

TEST(PlanCommand, NtLoraAt2000bpByteCountsMatchTheHandComputation) {
  auto run = run_command(lnctrain("plan --grid " + source("configs/nt_scale_plan.toml") + " --device-memory-gib 80"));
  ASSERT_EQ(run.exit_code, 0) << run.output;  // every point fits at some micro-batch
  const auto blocks = parse_plan(run.output);
  ASSERT_EQ(blocks.size(), 4u) << run.output;

  const auto& nt500 = blocks[0];
  EXPECT_EQ(nt500.at("run"), "nt-500m task=task3 length=2000bp");
  EXPECT_EQ(nt500.at("mode"), "lora r=8 base_dtype=fp32 precision=fp32 activation_checkpointing=off");
  EXPECT_EQ(number(nt500, "tokens_per_sequence"), 335);
  EXPECT_EQ(number(nt500, "parameters"), 484867043);
  EXPECT_EQ(number(nt500, "trainable_parameters"), 6065922);
  EXPECT_EQ(number(nt500, "adapted_modules"), 24 * 6);
  EXPECT_EQ(number(nt500, "weights_bytes"), 1939468172);
  EXPECT_EQ(number(nt500, "gradient_bytes"), 24263688);
  EXPECT_EQ(number(nt500, "optimizer_bytes"), 48527376);
  EXPECT_EQ(number(nt500, "activation_bytes_per_sample"), 911371520);
  EXPECT_EQ(number(nt500, "micro_batch"), 32);
  EXPECT_EQ(number(nt500, "activation_bytes"), 29163888640);
  EXPECT_EQ(number(nt500, "total_bytes"), 32225626012);
  EXPECT_EQ(nt500.at("fits"), "yes");
  EXPECT_EQ(nt500.at("recommended_micro_batch"), "32");

  const auto& fp32 = blocks[1];  // NT-2.5B, fp32, the whole per-rank batch of 32 at once
  EXPECT_EQ(fp32.at("run"), "nt-2.5b task=task3 length=2000bp");
  EXPECT_EQ(number(fp32, "parameters"), 2549089923);
  EXPECT_EQ(number(fp32, "trainable_parameters"), 18357762);
  EXPECT_EQ(number(fp32, "weights_bytes"), 10196359692);
  EXPECT_EQ(number(fp32, "gradient_bytes"), 73431048);
  EXPECT_EQ(number(fp32, "optimizer_bytes"), 146862096);
  EXPECT_EQ(number(fp32, "activation_bytes_per_sample"), 2418088960);
  EXPECT_EQ(number(fp32, "total_bytes"), 88795810332);
  EXPECT_EQ(fp32.at("fits"), "no");
  EXPECT_EQ(fp32.at("recommended_micro_batch"), "16 (gradient accumulation: 2 micro-batches per step)");

  const auto& accumulated = blocks[2];  // the same with micro_batch_size = 16
  EXPECT_EQ(number(accumulated, "micro_batch"), 16);
  EXPECT_EQ(number(accumulated, "activation_bytes"), 16 * 2418088960LL);
  EXPECT_EQ(number(accumulated, "total_bytes"), 50179818020);
  EXPECT_EQ(accumulated.at("fits"), "yes");

  const auto& bf16 = blocks[3];  // bf16 autocast, frozen base held in bf16, micro-batch 32
  EXPECT_EQ(bf16.at("mode"), "lora r=8 base_dtype=bf16 precision=bf16 activation_checkpointing=off");
  EXPECT_EQ(number(bf16, "trainable_parameters"), 18357762);
  EXPECT_EQ(number(bf16, "weights_bytes"), 5134895370);
  EXPECT_EQ(number(bf16, "gradient_bytes"), 73431048);   // trainable params and their gradients stay fp32
  EXPECT_EQ(number(bf16, "optimizer_bytes"), 146862096);
  EXPECT_EQ(number(bf16, "activation_bytes_per_sample"), 1483991040);
  EXPECT_EQ(number(bf16, "total_bytes"), 53843212570);
  EXPECT_EQ(bf16.at("total_bytes"), "53843212570 (50.15 GiB)");
  EXPECT_EQ(bf16.at("fits"), "yes");
  EXPECT_EQ(bf16.at("recommended_micro_batch"), "32");

  // --precision overrides every point's own: NT-2.5B in bf16 autocast with an fp32 base adds autocast's bf16 copies
  // of the Linear weights (not the embeddings), 2 * (32 * (4 H^2 + 2 H F) + head 6561282) = 2 * 2523143682:
  // 10196359692 + 5046287364 = 15242647056.
  auto forced = run_command(lnctrain("plan --grid " + source("configs/nt_scale_plan.toml") + " --precision bf16"));
  ASSERT_EQ(forced.exit_code, 0) << forced.output;
  const auto forced_blocks = parse_plan(forced.output);
  ASSERT_EQ(forced_blocks.size(), 4u);
  EXPECT_EQ(number(forced_blocks[1], "weights_bytes"), 15242647056);
}

TEST(PlanCommand, ExitsOneWhenAPointFitsAtNoMicroBatch) {
  // NT-2.5B fp32 on a 10 GiB device: its weights and the overhead alone (11270101516 B = 10.50 GiB) exceed it.
  auto run = run_command(lnctrain("plan --grid " + source("configs/nt_scale_plan.toml") + " --device-memory-gib 10"));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  const auto blocks = parse_plan(run.output);
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[1].at("fits"), "no");
  EXPECT_EQ(blocks[1].at("recommended_micro_batch"), "0");
}

}  // namespace
}  // namespace lnc
