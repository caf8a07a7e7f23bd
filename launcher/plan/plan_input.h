#pragma once
// The memory plan's input for one grid point (launcher/plan/memory_plan.h), shared by `lnctrain plan`, `doctor`
// and the grid's group_size = "auto" (launcher/grid/group_size_plan.h).
// The architecture is the pretrained config.json when the point names one (InputError when it cannot be read),
// else the [model] section; the grid file gives no vocabulary size (the token file does at run time), so a
// randomly initialised model takes the tokenizer's: nt 4107 (NT 6-mers + specials), kmer 4^k + 5, bpe 4096.
// The planned row is the longest a point trains on: [data] length bp under its tokenizer (row_tokens), forwarded
// as [data] long_sequences says (planned_row). The model's context is FamilySpec::context_tokens of that
// architecture with its own pad_token_id (the pretrained config's, else [model]'s; ESM's context depends on it).
#include <cstdint>
#include <string>

#include "config/run_config.h"
#include "data/batching/long_rows.h"
#include "launcher/plan/memory_plan.h"

namespace lnc::launcher {

// `ranks` data-parallel ranks share the global batch: per-rank batch ceil(global / ranks). The kernels are
// CUDA's unless [training] device = "cpu" ("auto" plans for the device the budget is given for).
// InputError naming data.chunk_stride / data.long_sequences when the point's long-row setting does not fit its
// model (data::long_row_policy_problem).
PlanInput plan_input(const config::RunConfig& run, std::int64_t ranks, const std::string& precision, double gib_budget);

// How a row of `row_tokens` tokens (special tokens included) reaches the model under `policy`: as many sequences
// of how many tokens. A row within the context: one sequence of its tokens, in every mode. Longer: "truncate" one
// window of the context; "chunk" the windows data::row_windows makes (context tokens every chunk_stride), all
// padded to the longest, which is the first (a full window); "error", which the submission check refuses
// (launcher/preflight/context_fit.h), is planned as one window of the context. std::invalid_argument for a policy
// with a problem (data::long_row_policy_problem).
struct PlannedRow {
  std::int64_t tokens_per_window = 0, windows = 1;
};
PlannedRow planned_row(std::int64_t row_tokens, const data::LongRowPolicy& policy);

}  // namespace lnc::launcher
