#include "launcher/grid/grid_dry_run.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#include "launcher/grid/cost_estimate.h"
#include "launcher/grid/group_size_plan.h"
#include "launcher/grid/rank_groups.h"
#include "results/run_status.h"
#include "results/store/results_store.h"

namespace lnc::launcher {
namespace {

std::string human(double v) {
  char buf[32];
  const char* units[] = {"", "K", "M", "G", "T", "P", "E"};
  int u = 0;
  while (v >= 1000 && u < 6) {
    v /= 1000;
    ++u;
  }
  std::snprintf(buf, sizeof buf, "%.3g%s", v, units[u]);
  return buf;
}

}  // namespace

void print_dry_run(const config::GridConfig& grid, int ranks, bool rerun_failed, std::ostream& out) {
  const auto choices = choose_group_sizes(grid, ranks);

  std::unique_ptr<results::ResultsStore> store;
  struct stat st;
  if (::stat(grid.job.store.c_str(), &st) == 0) store = std::make_unique<results::ResultsStore>(grid.job.store, true);

  const size_t n = grid.points.size();
  std::vector<CostEstimate> cost(n);
  std::vector<std::optional<results::RunStatus>> stored(n);  // nullopt: not in the store ("new")
  std::vector<size_t> to_run;
  std::vector<int> sizes;
  for (size_t i = 0; i < n; ++i) {
    cost[i] = estimate_cost(grid.points[i]);
    if (store)
      if (auto r = store->find_run(grid.points[i].config_hash)) stored[i] = results::parse_run_status(r->status);
    const bool skip =
        stored[i] == results::RunStatus::done || (stored[i] == results::RunStatus::failed && !rerun_failed);
    if (!skip) {
      to_run.push_back(i);
      sizes.push_back(choices[i].size);
    }
  }
  // Replay the queue phase by phase (largest group size first): most expensive first, each to the group that
  // frees up first. Time in cost units per rank: a point of weight w on a group of s ranks takes w / s.
  std::stable_sort(to_run.begin(), to_run.end(), [&](size_t a, size_t b) { return cost[a].weight() > cost[b].weight(); });
  const std::vector<int> phases = phase_sizes(sizes);
  std::vector<int> group_of(n, -1), phase_of(n, -1);
  double makespan = 0, total = 0;
  for (size_t p = 0; p < phases.size(); ++p) {
    std::vector<double> free_at(static_cast<size_t>(ranks / phases[p]), 0);
    for (size_t i : to_run) {
      if (choices[i].size != phases[p]) continue;
      const size_t g = static_cast<size_t>(std::min_element(free_at.begin(), free_at.end()) - free_at.begin());
      group_of[i] = static_cast<int>(g);
      phase_of[i] = static_cast<int>(p);
      free_at[g] += cost[i].weight() / phases[p];
      total += cost[i].weight();
    }
    makespan += *std::max_element(free_at.begin(), free_at.end());
  }

  out << "grid " << grid.file << ": " << n << " point(s), " << to_run.size() << " to run; " << ranks << " rank(s)";
  if (phases.size() > 1) out << ":";
  for (size_t p = 0; p < phases.size(); ++p)
    out << (p ? "," : "") << (phases.size() > 1 ? " phase " + std::to_string(p + 1) : "") << " in " << ranks / phases[p]
        << " group(s) of " << phases[p];
  out << "\n";
  out << "axes:";
  for (const auto& a : grid.axes) out << " " << a;
  out << "\n";
  char line[640];
  std::snprintf(line, sizeof line, "%-5s %-12s %-16s %-16s %6s %-8s %5s %9s %-8s %8s %7s %8s %9s %-18s %s\n", "#",
                "hash", "model", "task", "length", "tokens", "seed", "lr", "status", "params", "tok/ex", "steps",
                "flops", "group size", "placement");
  out << line;
  for (size_t i = 0; i < n; ++i) {
    const auto& p = grid.points[i];
    const std::string tok = p.data.tokenizer == "kmer" ? "kmer" + std::to_string(p.data.k) : p.data.tokenizer;
    const auto& c = choices[i];
    std::string size = std::to_string(c.size) + " " + c.source;
    if (c.source == "auto") size += c.fits ? "" : " (does not fit)";
    std::string placement = "-";
    if (group_of[i] >= 0)
      placement = "phase " + std::to_string(phase_of[i] + 1) + " group " + std::to_string(group_of[i]) + " (ranks " +
                  group_ranks_label(group_of[i], c.size) + ")";
    std::snprintf(line, sizeof line, "%-5zu %-12s %-16s %-16s %6lld %-8s %5lld %9.3g %-8s %8s %7.0f %8s %9s %-18s %s\n",
                  i + 1, p.config_hash.substr(0, 12).c_str(), p.model.name.c_str(), p.data.task.c_str(),
                  static_cast<long long>(p.data.length), tok.c_str(), static_cast<long long>(p.training.seed),
                  p.optimizer.lr, stored[i] ? results::status_text(*stored[i]) : "new", cost[i].parameters_known ? human(cost[i].parameters).c_str() : "?",
                  cost[i].tokens_per_example,
                  cost[i].steps > 0 ? std::to_string(cost[i].steps).c_str() : "?",
                  cost[i].steps > 0 ? human(cost[i].flops).c_str() : "?", size.c_str(), placement.c_str());
    out << line;
  }
  for (size_t i = 0; i < n; ++i)
    if (choices[i].source == "auto" && !choices[i].fits)
      out << "point " << i + 1 << ": group_size \"auto\": the memory plan does not fit "
          << grid.points[i].parallelism.device_memory_gib << " GiB per rank even on " << choices[i].size
          << " rank(s); set training.micro_batch_size or activation_checkpointing (lnctrain plan shows the plan)\n";
  if (total > 0 && makespan > 0)
    out << "estimated packing efficiency of this placement: " << total / (makespan * ranks)
        << " (cost units; steps unknown where the token file is missing)\n";
}

}  // namespace lnc::launcher
