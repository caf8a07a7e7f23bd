#include "launcher/status/grid_status.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "config/run_config.h"
#include "launcher/grid/eta_estimate.h"
#include "results/store/results_store.h"
#include "results/store/run_progress.h"

namespace lnc::launcher {
namespace {

std::string label_of(const results::RunRecord& r) {
  return r.task + " " + std::to_string(r.length) + " bp " + r.model + " seed " + std::to_string(r.seed);
}

std::string first_line(const std::string& s) {
  const auto nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

std::string duration(std::optional<double> seconds) {
  if (!seconds || !std::isfinite(*seconds)) return "?";
  const long s = std::lround(*seconds);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}

template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
  if (!v) return nullptr;
  if constexpr (std::is_floating_point_v<T>)
    if (!std::isfinite(*v)) return nullptr;
  return *v;
}

}  // namespace

std::vector<GridStatus> grid_status(const results::ResultsStore& store, const config::GridConfig* grid,
                                    double now_unix) {
  std::vector<GridStatus> out;
  std::map<std::string, std::size_t> index;
  auto of = [&](const std::string& name) -> GridStatus& {
    auto [it, inserted] = index.emplace(name, out.size());
    if (inserted) out.push_back(GridStatus{name, 0, 0, 0, {}, {}});
    return out[it->second];
  };
  for (const auto& r : store.runs()) {
    GridStatus& g = of(r.grid_name);
    if (r.status == "done") {
      ++g.done;
    } else if (r.status == "queued") {
      ++g.queued;
    } else if (r.status == "failed") {
      g.failed.push_back({r.id, label_of(r), first_line(r.error)});
    } else if (r.status == "running") {
      RunningRun run{r.id, label_of(r), std::nullopt, std::nullopt, std::nullopt, std::nullopt};
      if (const auto p = results::read_progress(store, r.id)) {
        StepClock clock;  // the attempt's first and latest report
        clock.report(p->first_unix, p->first_step, p->total_steps);
        clock.report(p->last_unix, p->last_step, p->total_steps);
        run.step = p->last_step;
        run.total_steps = p->total_steps;
        run.seconds_since_report = std::max(0.0, now_unix - p->last_unix);
        const double eta = clock.remaining_seconds(now_unix);
        if (std::isfinite(eta)) run.eta_seconds = eta;
      }
      g.running.push_back(std::move(run));
    }
  }
  if (grid) {
    GridStatus& g = of(grid->job.name);
    for (const auto& point : grid->points)
      if (!store.find_run(point.config_hash)) ++g.new_points;
  }
  return out;
}

std::string status_table(const std::vector<GridStatus>& grids) {
  std::ostringstream s;
  if (grids.empty()) s << "the store holds no runs\n";
  for (const auto& g : grids) {
    s << "grid " << (g.grid.empty() ? "(unnamed)" : g.grid) << ": " << g.done << " done, " << g.running.size()
      << " running, " << g.queued << " queued, " << g.failed.size() << " failed";
    if (g.new_points) s << ", " << g.new_points << " new";
    s << "\n";
    for (const auto& r : g.running)
      s << "  running  run " << r.id << "  " << r.label << "  step "
        << (r.step ? std::to_string(*r.step) + "/" + std::to_string(*r.total_steps) : std::string("?")) << "  ETA "
        << duration(r.eta_seconds) << "  last report " << duration(r.seconds_since_report) << " ago\n";
    for (const auto& f : g.failed) s << "  failed   run " << f.id << "  " << f.label << ": " << f.error << "\n";
  }
  return s.str();
}

std::string status_json(const std::string& store_path, const std::vector<GridStatus>& grids) {
  nlohmann::json j{{"store", store_path}, {"grids", nlohmann::json::array()}};
  for (const auto& g : grids) {
    nlohmann::json e{{"grid", g.grid},
                     {"done", g.done},
                     {"running", g.running.size()},
                     {"queued", g.queued},
                     {"failed", g.failed.size()},
                     {"new", g.new_points},
                     {"running_runs", nlohmann::json::array()},
                     {"failed_runs", nlohmann::json::array()}};
    for (const auto& r : g.running)
      e["running_runs"].push_back({{"id", r.id},
                                   {"label", r.label},
                                   {"step", or_null(r.step)},
                                   {"total_steps", or_null(r.total_steps)},
                                   {"seconds_since_report", or_null(r.seconds_since_report)},
                                   {"eta_seconds", or_null(r.eta_seconds)}});
    for (const auto& f : g.failed) e["failed_runs"].push_back({{"id", f.id}, {"label", f.label}, {"error", f.error}});
    j["grids"].push_back(e);
  }
  return j.dump(2) + "\n";
}

}  // namespace lnc::launcher
