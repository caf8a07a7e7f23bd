// `lnctrain plan --grid FILE [--device-memory-gib 80] [--ranks 1] [--precision fp32|bf16]`: per grid point, the
// per-rank memory of training (launcher/plan/memory_plan.h states every formula), whether it fits the device and
// the largest power-of-two micro-batch that does. tokens_per_sequence is one forwarded sequence (a row, or one
// window of a row longer than the context) and windows_per_row how many of them a row of [data] length makes
// under [data] long_sequences (launcher/plan/plan_input.h). Output: one block of "key: value" lines per grid point.
// Precision is each point's [training] precision unless --precision overrides it for all points; the micro-batch
// is the point's [training] micro_batch_size (0 = the whole per-rank batch). Exit 1 when some point fits at no
// micro-batch. tests/unit/plan_command_test.cpp checks the output for configs/nt_scale_plan.toml by hand.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "config/config_overrides.h"
#include "launcher/commands/commands.h"
#include "config/run_config.h"
#include "launcher/plan/fixed_overhead.h"
#include "launcher/plan/memory_plan.h"
#include "launcher/plan/plan_input.h"

namespace lnc::launcher {

namespace {
std::string gib(std::int64_t bytes) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f GiB", double(bytes) / double(std::int64_t(1) << 30));
  return buf;
}
}  // namespace

void print_plan(const config::RunConfig& run, const PlanInput& in, const PlanResult& r, std::ostream& out) {
  const auto& m = in.model;
  out << "run: " << run.model.name << " task=" << run.data.task << " length=" << run.data.length << "bp\n"
      << "  model: " << m.family << " layers=" << m.num_layers << " hidden=" << m.hidden_size << " heads=" << m.num_heads
      << " ffn=" << m.intermediate_size << " vocab=" << m.vocab_size << " max_positions=" << m.max_position_embeddings << "\n"
      << "  mode: " << (in.lora.enabled ? "lora r=" + std::to_string(in.lora.r) + " base_dtype=" + in.lora.base_dtype : "full")
      << " precision=" << in.precision << " activation_checkpointing=" << (in.activation_checkpointing ? "on" : "off")
      << "\n  tokens_per_sequence: " << in.sequence_tokens << "\n  long_sequences: " << run.data.long_sequences
      << " (windows_per_row: " << r.windows_per_row << ")\n  parameters: " << r.parameters
      << "\n  trainable_parameters: " << r.trainable << "\n  adapted_modules: " << r.adapted_modules
      << "\n  weights_bytes: " << r.weight_bytes << " (" << gib(r.weight_bytes) << ")"
      << "\n  master_copy_bytes: " << r.master_bytes << "\n  gradient_bytes: " << r.gradient_bytes << " ("
      << gib(r.gradient_bytes) << ")\n  optimizer_bytes: " << r.optimizer_bytes << " (" << gib(r.optimizer_bytes) << ")"
      << "\n  activation_bytes_per_sample: " << r.activation_bytes_per_sample << " ("
      << gib(r.activation_bytes_per_sample) << ")\n  micro_batch: " << r.micro_batch << " of per-rank batch "
      << in.per_rank_batch << "\n  activation_bytes: " << r.activation_bytes << " (" << gib(r.activation_bytes)
      << ")\n  overhead_bytes: " << r.overhead_bytes << " (CUDA context " << fixed_overhead::kCudaContext
      << ", cuBLAS workspaces " << fixed_overhead::kCublasWorkspaces << ", allocator slack "
      << fixed_overhead::kAllocatorSlack << "; documented figures, not measured)\n  total_bytes: " << r.total_bytes << " ("
      << gib(r.total_bytes) << ")\n  device_memory: " << in.device_memory_gib << " GiB\n  fits: "
      << (r.fits ? "yes" : "no") << "\n  recommended_micro_batch: " << r.recommended_micro_batch;
  if (r.recommended_micro_batch > 0 && r.recommended_micro_batch < in.per_rank_batch)
    out << " (gradient accumulation: " << (in.per_rank_batch + r.recommended_micro_batch - 1) / r.recommended_micro_batch
        << " micro-batches per step)";
  out << "\n";
}

void add_plan_command(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand("plan", "Per-rank memory plan of every grid point; recommends the micro-batch");
  auto grid = std::make_shared<std::string>();
  auto memory = std::make_shared<double>(80.0);
  auto ranks = std::make_shared<std::int64_t>(1);
  auto precision = std::make_shared<std::string>();  // empty: each point's own [training] precision
  cmd->add_option("--grid", *grid, "grid file (TOML)")->required();
  cmd->add_option("--device-memory-gib", *memory, "memory of one device in GiB (default 80)");
  cmd->add_option("--ranks", *ranks, "data-parallel ranks sharing the global batch (default 1)");
  auto sets = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--set", *sets, "KEY=VALUE: override a grid key (VALUE is TOML; repeatable; README, Configuration)");
  cmd->add_option("--precision", *precision, "fp32 | bf16 (autocast) for every point (default: each point's [training] precision)")->check(CLI::IsMember({"fp32", "bf16"}));
  cmd->callback([=, &result] {
    auto g = config::load_grid_config(*grid, config::parse_overrides(*sets));
    bool all_fit = true;
    for (const auto& run : g.points) {
      if (run.model.is_baseline()) {
        std::cout << "run: " << run.model.name << " (baseline, CPU only: no device memory)\n";
        continue;
      }
      auto in = plan_input(run, std::max<std::int64_t>(1, *ranks), *precision, *memory);
      auto r = plan_memory(in);
      print_plan(run, in, r, std::cout);
      all_fit &= r.recommended_micro_batch > 0;
    }
    result.exit_code = all_fit ? 0 : 1;
  });
}

}  // namespace lnc::launcher
