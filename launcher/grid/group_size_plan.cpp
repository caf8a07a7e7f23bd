#include "launcher/grid/group_size_plan.h"

#include <algorithm>
#include <functional>
#include <set>

#include "launcher/grid/rank_groups.h"
#include "launcher/plan/plan_input.h"

namespace lnc::launcher {

GroupSizeChoice memory_planned_group_size(const config::RunConfig& run, int world) {
  GroupSizeChoice c;
  c.source = "auto";
  if (run.model.is_baseline()) {  // CPU-only, single process: no device memory to plan
    c.source = "auto (baseline)";
    return c;
  }
  const std::int64_t batch = std::max<std::int64_t>(1, run.training.global_batch_size);
  const double gib = run.parallelism.device_memory_gib;
  for (int d = 1; d <= world; ++d) {
    if (world % d != 0 || d > batch) continue;
    PlanInput in;
    try {
      in = plan_input(run, d, run.training.precision, gib);
    } catch (const std::exception&) {
      config::RunConfig without = run;
      without.model.pretrained.clear();
      in = plan_input(without, d, run.training.precision, gib);
    }
    const PlanResult r = plan_memory(in);
    c.size = d;
    c.fits = r.fits;
    c.planned_bytes = r.total_bytes;
    if (r.fits) break;
  }
  return c;
}

GroupSizeChoice choose_group_size(const config::RunConfig& run, int world, std::size_t grid_points) {
  if (run.parallelism.group_size_auto) return memory_planned_group_size(run, world);
  GroupSizeChoice c;
  c.source = run.parallelism.group_size > 0 ? "configured" : "default";
  c.size = resolve_group_size(run.parallelism.group_size, world, grid_points, run.source_file);
  return c;
}

std::vector<GroupSizeChoice> choose_group_sizes(const config::GridConfig& grid, int world) {
  std::vector<GroupSizeChoice> out;
  out.reserve(grid.points.size());
  for (const auto& p : grid.points) out.push_back(choose_group_size(p, world, grid.points.size()));
  return out;
}

std::vector<int> phase_sizes(const std::vector<int>& sizes) {
  std::set<int, std::greater<int>> distinct(sizes.begin(), sizes.end());
  return {distinct.begin(), distinct.end()};
}

}  // namespace lnc::launcher
