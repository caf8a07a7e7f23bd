#include "launcher/grid/grid_dry_run.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include "launcher/grid/cost_estimate.h"
#include "launcher/grid/rank_groups.h"
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
  const int group_size = resolve_group_size(grid.parallelism.group_size, ranks, grid.points.size(), grid.file);
  const int groups = ranks / group_size;

  std::unique_ptr<results::ResultsStore> store;
  struct stat st;
  if (::stat(grid.job.store.c_str(), &st) == 0) store = std::make_unique<results::ResultsStore>(grid.job.store, true);

  const size_t n = grid.points.size();
  std::vector<CostEstimate> cost(n);
  std::vector<std::string> status(n, "new");
  std::vector<size_t> to_run;
  for (size_t i = 0; i < n; ++i) {
    cost[i] = estimate_cost(grid.points[i]);
    if (store)
      if (auto r = store->find_run(grid.points[i].config_hash)) status[i] = r->status;
    const bool skip = status[i] == "done" || (status[i] == "failed" && !rerun_failed);
    if (!skip) to_run.push_back(i);
  }
  // Replay the queue: most expensive first, each to the group that frees up first.
  std::stable_sort(to_run.begin(), to_run.end(), [&](size_t a, size_t b) { return cost[a].weight() > cost[b].weight(); });
  std::vector<double> free_at(static_cast<size_t>(groups), 0);
  std::vector<int> group_of(n, -1);
  for (size_t i : to_run) {
    const size_t g = static_cast<size_t>(std::min_element(free_at.begin(), free_at.end()) - free_at.begin());
    group_of[i] = static_cast<int>(g);
    free_at[g] += cost[i].weight();
  }
  const double makespan = *std::max_element(free_at.begin(), free_at.end());
  double total = 0;
  for (size_t i : to_run) total += cost[i].weight();

  out << "grid " << grid.file << ": " << n << " point(s), " << to_run.size() << " to run; " << ranks << " rank(s) in "
      << groups << " group(s) of " << group_size << "\n";
  out << "axes:";
  for (const auto& a : grid.axes) out << " " << a;
  out << "\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-5s %-12s %-16s %-16s %6s %-8s %5s %9s %-8s %8s %7s %8s %9s %s\n", "#", "hash",
                "model", "task", "length", "tokens", "seed", "lr", "status", "params", "tok/ex", "steps", "flops",
                "group");
  out << line;
  for (size_t i = 0; i < n; ++i) {
    const auto& p = grid.points[i];
    const std::string tok = p.data.tokenizer == "kmer" ? "kmer" + std::to_string(p.data.k) : p.data.tokenizer;
    std::snprintf(line, sizeof line, "%-5zu %-12s %-16s %-16s %6lld %-8s %5lld %9.3g %-8s %8s %7.0f %8s %9s %s\n",
                  i + 1, p.config_hash.substr(0, 12).c_str(), p.model.name.c_str(), p.data.task.c_str(),
                  static_cast<long long>(p.data.length), tok.c_str(), static_cast<long long>(p.training.seed),
                  p.optimizer.lr, status[i].c_str(), human(cost[i].parameters).c_str(), cost[i].tokens_per_example,
                  cost[i].steps > 0 ? std::to_string(cost[i].steps).c_str() : "?",
                  cost[i].steps > 0 ? human(cost[i].flops).c_str() : "?",
                  group_of[i] < 0 ? "-" : (std::to_string(group_of[i]) + " (ranks " +
                                           group_ranks_label(group_of[i], group_size) + ")").c_str());
    out << line;
  }
  if (total > 0 && makespan > 0)
    out << "estimated packing efficiency of this placement: " << total / (makespan * groups)
        << " (cost units; steps unknown where the token file is missing)\n";
}

}  // namespace lnc::launcher
