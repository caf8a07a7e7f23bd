#include "launcher/plan/plan_input.h"

#include <algorithm>

#include "base/input_error.h"
#include "trainer/models/hf_config.h"

namespace lnc::launcher {
namespace {

int vocab_for(const config::RunConfig& run) {
  if (run.data.tokenizer == "nt") return 4107;
  if (run.data.tokenizer == "kmer") return (1 << (2 * run.data.k)) + 5;
  return 4096;
}

}  // namespace

PlannedRow planned_row(std::int64_t row_tokens, const data::LongRowPolicy& policy) {
  if (row_tokens <= policy.context) return {row_tokens, 1};
  if (policy.mode != "chunk") return {policy.context, 1};
  const auto windows = data::row_windows(row_tokens, policy);
  std::int64_t longest = 0;
  for (const auto& w : windows) longest = std::max(longest, w.end - w.begin);
  return {longest + policy.specials.leading + policy.specials.trailing, static_cast<std::int64_t>(windows.size())};
}

PlanInput plan_input(const config::RunConfig& run, std::int64_t ranks, const std::string& precision, double gib_budget) {
  PlanInput in;
  in.model = run.model.pretrained.empty() ? run.model.architecture
                                          : trainer::read_hf_config(run.model.pretrained + "/config.json");
  if (run.model.pretrained.empty()) in.model.vocab_size = vocab_for(run);
  in.lora = run.lora;
  auto policy = data::long_row_policy(run.data, in.model, run.data.tokenizer, in.model.pad_token_id);
  if (const auto problem = data::long_row_policy_problem(policy); !problem.empty())
    throw InputError(run.source_file, 0, run.data.long_sequences == "chunk" ? "data.chunk_stride" : "data.long_sequences",
                     problem);
  const auto row = planned_row(row_tokens(run.data.tokenizer, run.data.length, run.data.k), policy);
  in.sequence_tokens = row.tokens_per_window;
  in.windows_per_row = row.windows;
  in.per_rank_batch = (run.training.global_batch_size + ranks - 1) / ranks;
  in.micro_batch = run.training.micro_batch_size;
  in.precision = precision.empty() ? run.training.precision : precision;
  in.activation_checkpointing = run.training.activation_checkpointing;
  in.device_memory_gib = gib_budget;
  in.ranks = ranks;
  in.device = run.training.device == "cpu" ? "cpu" : "cuda";  // the plan is for a device unless the run says CPU
  return in;
}

}  // namespace lnc::launcher
