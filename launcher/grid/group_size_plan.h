#pragma once
// The group size of each grid point on a job of `world` ranks (the rules are in config/run_config.h,
// ParallelismConfig), and the phases a grid runs in: one per distinct group size, largest first. Every rank
// computes the same answer from the same config (the memory plan is a formula; no files are read but a
// pretrained model's config.json).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "config/run_config.h"

namespace lnc::launcher {

struct GroupSizeChoice {
  int size = 1;
  std::string source;            // "configured" | "default" | "auto" | "auto (baseline)"
  bool fits = true;              // "auto": the memory plan fits at `size` (false: no divisor fits; size is the largest)
  std::int64_t planned_bytes = 0;  // "auto": the plan's per-rank bytes at `size`
};

// `grid_points`: how many points the grid has (the default gives one point all ranks). InputError naming
// parallelism.group_size when a configured size does not divide `world`.
GroupSizeChoice choose_group_size(const config::RunConfig& run, int world, std::size_t grid_points);
std::vector<GroupSizeChoice> choose_group_sizes(const config::GridConfig& grid, int world);

// group_size = "auto": the smallest divisor d of `world` with d <= global_batch_size whose per-rank plan
// (launcher/plan/memory_plan.h; precision, micro_batch_size and activation checkpointing from the point) fits
// device_memory_gib; none fits: the largest such d, fits = false. A pretrained config.json that cannot be read is
// planned from the [model] section instead (the point itself then fails at run time with its own error).
GroupSizeChoice memory_planned_group_size(const config::RunConfig& run, int world);

// The distinct sizes, largest first: the order of the phases.
std::vector<int> phase_sizes(const std::vector<int>& sizes);

}  // namespace lnc::launcher
