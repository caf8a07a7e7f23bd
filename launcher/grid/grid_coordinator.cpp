#include "launcher/grid/grid_coordinator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <sstream>

#include "cluster/preemption_signal.h"
#include "data/io/atomic_file.h"
#include "launcher/grid/cost_estimate.h"
#include "launcher/grid/rank_groups.h"
#include "data/io/input_error.h"
#include "results/store/results_store.h"
#include "results/store/token_file_statistics.h"

namespace lnc::launcher {
namespace {

results::RunRecord record_of(const config::RunConfig& run, const std::string& grid_name, int ranks) {
  results::RunRecord r;
  r.config_hash = run.config_hash;
  r.config_text = run.canonical_toml;
  r.grid_name = grid_name;
  r.task = run.data.task;
  r.length = run.data.length;
  r.model = run.model.name;
  r.tokenizer = run.data.tokenizer;
  r.k = run.data.k;
  r.seed = run.training.seed;
  r.num_ranks = ranks;
  return r;
}

std::string duration_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}

}  // namespace

double CoordinatorSummary::packing_efficiency() const {
  const double capacity = wall_seconds * total_ranks;
  return capacity > 0 ? busy_rank_seconds / capacity : 0;
}

GridCoordinator::GridCoordinator(const config::GridConfig& grid, GridChannels channels, CoordinatorSettings settings)
    : grid_(grid), channels_(channels), settings_(settings) {
  make_directories(grid.job.output_dir);
  store_ = std::make_unique<results::ResultsStore>(grid.job.store);
  summary_.total_ranks = settings.num_groups * settings.group_size;
  std::vector<std::int64_t> to_run;
  for (size_t i = 0; i < grid.points.size(); ++i) {
    const auto& run = grid.points[i];
    run_ids_.push_back(store_->register_run(record_of(run, grid.job.name, settings.group_size)));
    weight_.push_back(estimate_cost(run).weight());
    auto existing = store_->find_run(run.config_hash);
    const bool skip = existing && (existing->status == "done" || (existing->status == "failed" && !settings.rerun_failed));
    if (skip) {
      ++summary_.skipped;
      std::cout << tag(static_cast<std::int64_t>(i)) << ": already " << existing->status << ", skipped" << std::endl;
    } else {
      to_run.push_back(static_cast<std::int64_t>(i));
      remaining_weight_ += weight_.back();
    }
  }
  // Longest first (stable: grid order among equals).
  std::stable_sort(to_run.begin(), to_run.end(), [&](auto a, auto b) { return weight_[a] > weight_[b]; });
  queue_.assign(to_run.begin(), to_run.end());
  summary_.total = static_cast<int>(to_run.size());
}

GridCoordinator::~GridCoordinator() {
  if (thread_.joinable()) thread_.join();
}

std::string GridCoordinator::tag(std::int64_t point) const {
  const auto& run = grid_.points[static_cast<size_t>(point)];
  return "[" + std::to_string(point + 1) + "/" + std::to_string(grid_.points.size()) + "] " + run.model.name + " " +
         run.data.task + " seed " + std::to_string(run.training.seed) + " " + run.config_hash.substr(0, 12);
}

void GridCoordinator::start() {
  started_ = last_progress_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { serve(); });
}

CoordinatorSummary GridCoordinator::join() {
  if (thread_.joinable()) thread_.join();
  return summary_;
}

void GridCoordinator::serve() {
  while (released_ < settings_.num_groups) {
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, channels_.to_coordinator, &flag, &status);
    if (!flag) {
      print_progress(false);
      // Polling with a sleep: a blocking receive in Open MPI spins a core that a rank on this node trains on.
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    try {
      switch (status.MPI_TAG) {
        case kRequest: on_request(status.MPI_SOURCE); break;
        case kProgress: on_progress(status.MPI_SOURCE); break;
        case kResult: on_result(status.MPI_SOURCE); break;
        default: {
          std::cerr << "lnctrain: coordinator: unexpected message tag " << status.MPI_TAG << std::endl;
          char sink;
          MPI_Recv(&sink, 0, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, channels_.to_coordinator, MPI_STATUS_IGNORE);
        }
      }
    } catch (const std::exception& e) {
      // The store failed (disk full, ...): hand out nothing more, so that every group ends and the job exits.
      std::cerr << "lnctrain: coordinator: " << e.what() << "; no further runs are started" << std::endl;
      stopping_ = true;
    }
  }
  summary_.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  print_progress(true);
}

void GridCoordinator::on_request(int source) {
  std::int64_t request[2] = {0, 0};
  MPI_Recv(request, 2, MPI_INT64_T, source, kRequest, channels_.to_coordinator, MPI_STATUS_IGNORE);
  const std::int64_t group = request[0];
  Assignment a;
  if (request[1] || cluster::preemption_requested()) stopping_ = true;
  if (!stopping_ && !queue_.empty()) {
    a.point = queue_.front();
    a.run_id = run_ids_[static_cast<size_t>(a.point)];
    try {
      store_->mark_running(a.run_id, settings_.group_size, group,
                           group_ranks_label(static_cast<int>(group), settings_.group_size));
    } catch (...) {
      a = Assignment{};  // not handed out: the group is released below
      stopping_ = true;
      MPI_Send(&a, 2, MPI_INT64_T, source, kAssign, channels_.to_workers);
      ++released_;
      throw;
    }
    queue_.pop_front();
    running_[group] = Running{a.point, std::chrono::steady_clock::now(), 0, 0};
    std::cout << tag(a.point) << ": started on group " << group << " (ranks "
              << group_ranks_label(static_cast<int>(group), settings_.group_size) << ")" << std::endl;
  } else {
    ++released_;
  }
  std::int64_t message[2] = {a.point, a.run_id};
  MPI_Send(message, 2, MPI_INT64_T, source, kAssign, channels_.to_workers);
}

void GridCoordinator::on_progress(int source) {
  std::int64_t p[3];
  MPI_Recv(p, 3, MPI_INT64_T, source, kProgress, channels_.to_coordinator, MPI_STATUS_IGNORE);
  for (auto& [group, r] : running_)
    if (r.point == p[0]) {
      r.step = p[1];
      r.total = p[2];
    }
  print_progress(false);
}

void GridCoordinator::on_result(int source) {
  MPI_Status status;
  MPI_Probe(source, kResult, channels_.to_coordinator, &status);
  int bytes = 0;
  MPI_Get_count(&status, MPI_CHAR, &bytes);
  std::string text(static_cast<size_t>(bytes), '\0');
  MPI_Recv(text.data(), bytes, MPI_CHAR, source, kResult, channels_.to_coordinator, MPI_STATUS_IGNORE);
  const RunResult r = result_from_json(text);
  const auto point = static_cast<size_t>(r.point);
  std::vector<trainer::ImportanceRow> importance;
  if (r.importance_rows > 0) {  // sent right after the result by the same leader (grid_messages.h)
    MPI_Probe(source, kImportance, channels_.to_coordinator, &status);
    MPI_Get_count(&status, MPI_BYTE, &bytes);
    std::string blob(static_cast<size_t>(bytes), '\0');
    MPI_Recv(blob.data(), bytes, MPI_BYTE, source, kImportance, channels_.to_coordinator, MPI_STATUS_IGNORE);
    importance = importance_from_bytes(blob, r.importance_rows);
  }
  running_.erase(r.group);
  summary_.busy_rank_seconds += r.seconds * settings_.group_size;
  const std::int64_t run_id = run_ids_[point];
  if (r.status == "interrupted") {
    ++summary_.interrupted;
    stopping_ = true;
    store_->mark_queued(run_id);
    std::cout << tag(r.point) << ": interrupted after " << r.steps << " steps; checkpointed, queued for resubmission"
              << std::endl;
    return;
  }
  std::vector<results::MetricRecord> metrics;
  for (const auto& m : r.metrics) metrics.push_back({run_id, m.split, m.epoch, m.name, m.value});
  // Importances and dataset statistics go in before the run is marked done: a store failure here leaves the run
  // 'running', so a resubmission runs it again instead of finding it done without them.
  if (r.status == "done") record_run_extras(r.point, run_id, importance);
  store_->finish_run(run_id, r.status, r.error, r.seconds, metrics);
  remaining_weight_ -= weight_[point];
  finished_weight_ += weight_[point];
  if (r.status == "done") {
    ++summary_.done;
    std::cout << tag(r.point) << ": done in " << duration_text(r.seconds)
              << (r.resumed_from_step > 0 ? " (resumed from step " + std::to_string(r.resumed_from_step) + ")" : "")
              << std::endl;
  } else {
    ++summary_.failed;
    std::cerr << tag(r.point) << ": FAILED: " << r.error << std::endl;
  }
  print_progress(true);
}

void GridCoordinator::record_run_extras(std::int64_t point, std::int64_t run_id,
                                        const std::vector<trainer::ImportanceRow>& importance) {
  if (!importance.empty()) {
    std::vector<results::ImportanceRecord> rows;
    rows.reserve(importance.size());
    for (const auto& i : importance) rows.push_back({run_id, "test", i.sample, i.label, i.prediction, i.scores});
    store_->put_importance(rows);
  }
  // The token file's statistics, once per file and job. A file that cannot be read now (moved since the run) or
  // carries malformed statistics costs its statistics only, not the grid.
  const std::string& tokens = grid_.points[static_cast<size_t>(point)].data.tokens;
  if (tokens.empty() || !statistics_recorded_.insert(tokens).second) return;
  try {
    results::record_token_file_statistics(*store_, tokens);
  } catch (const InputError& e) {
    std::cerr << tag(point) << ": dataset statistics not recorded: " << e.what() << std::endl;
  }
}

void GridCoordinator::print_progress(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && std::chrono::duration<double>(now - last_progress_).count() < settings_.progress_seconds) return;
  last_progress_ = now;
  const double elapsed = std::chrono::duration<double>(now - started_).count();
  // ETA from the work rate so far, in cost-estimate units (running points count by their step fraction).
  double in_flight = 0;
  std::ostringstream running;
  for (const auto& [group, r] : running_) {
    const double fraction = r.total > 0 ? static_cast<double>(r.step) / static_cast<double>(r.total) : 0;
    in_flight += fraction * weight_[static_cast<size_t>(r.point)];
    running << " [g" << group << " #" << r.point + 1 << " step " << r.step << "/" << r.total << "]";
  }
  const double work_done = finished_weight_ + in_flight;
  const double eta = work_done > 0 ? elapsed * (remaining_weight_ - in_flight) / work_done : NAN;
  std::cout << "progress: " << summary_.done + summary_.failed << "/" << summary_.total << " runs finished ("
            << summary_.failed << " failed), " << running_.size() << " running" << running.str() << ", elapsed "
            << duration_text(elapsed) << ", ETA " << (released_ >= settings_.num_groups ? "0s" : duration_text(eta))
            << std::endl;
}

}  // namespace lnc::launcher
