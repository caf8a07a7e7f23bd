#pragma once
// The memory plan's input for one grid point (launcher/plan/memory_plan.h), shared by `lnctrain plan` and the
// grid's group_size = "auto" (launcher/grid/group_size_plan.h).
// The architecture is the pretrained config.json when the point names one (InputError when it cannot be read),
// else the [model] section; the grid file gives no vocabulary size (the token file does at run time), so a
// randomly initialised model takes the tokenizer's: nt 4107 (NT 6-mers + specials), kmer 4^k + 5, bpe 4096.
#include <cstdint>
#include <string>

#include "config/run_config.h"
#include "launcher/plan/memory_plan.h"

namespace lnc::launcher {

// `ranks` data-parallel ranks share the global batch: per-rank batch ceil(global / ranks). The kernels are
// CUDA's unless [training] device = "cpu" ("auto" plans for the device the budget is given for).
PlanInput plan_input(const config::RunConfig& run, std::int64_t ranks, const std::string& precision, double gib_budget);

}  // namespace lnc::launcher
