#include "launcher/grid/grid_coordinator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "cluster/communication_error.h"
#include "cluster/mpi_call.h"
#include "cluster/preemption_signal.h"
#include "base/atomic_file.h"
#include "launcher/grid/attempt_limit.h"
#include "launcher/grid/collective_hang.h"
#include "launcher/grid/cost_estimate.h"
#include "launcher/grid/group_size_plan.h"
#include "launcher/grid/rank_groups.h"
#include "base/input_error.h"
#include "results/run_status.h"
#include "launcher/grid/provenance_rows.h"
#include "results/store/prediction_records.h"
#include "results/store/run_progress.h"
#include "results/store/run_provenance.h"
#include "results/store/training_curve_records.h"
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
    : grid_(grid), channels_(channels), settings_(std::move(settings)) {
  make_directories(grid.job.output_dir);
  store_ = std::make_unique<results::ResultsStore>(grid.job.store);
  summary_.total_ranks = settings_.world_size;
  const auto& size_of = settings_.group_size_of_point;
  std::vector<std::int64_t> to_run;
  for (size_t i = 0; i < grid.points.size(); ++i) {
    const auto& run = grid.points[i];
    run_ids_.push_back(store_->register_run(record_of(run, grid.job.name, size_of[i])));
    weight_.push_back(estimate_cost(run).weight());
    auto existing = store_->find_run(run.config_hash);
    const auto stored = existing ? results::parse_run_status(existing->status) : results::RunStatus::queued;
    const bool skip = stored == results::RunStatus::done || (stored == results::RunStatus::failed && !settings_.rerun_failed);
    if (stored == results::RunStatus::failed && settings_.rerun_failed) store_->reset_attempts(run_ids_.back());
    if (existing && attempts_exhausted(existing->status, existing->attempts, grid.job.max_attempts)) {
      // Its last attempts all died (launcher/grid/attempt_limit.h): failed, not resumed into the same crash again.
      const std::string error = died_error_text(existing->attempts, run_directory(run));
      store_->finish_run(run_ids_.back(), "failed", error, 0, {});
      ++summary_.failed;
      ++summary_.total;
      std::cerr << tag(static_cast<std::int64_t>(i)) << ": FAILED: " << error << std::endl;
    } else if (skip) {
      ++summary_.skipped;
      std::cout << tag(static_cast<std::int64_t>(i)) << ": already " << existing->status << ", skipped" << std::endl;
    } else {
      to_run.push_back(static_cast<std::int64_t>(i));
    }
  }
  // Longest first (stable: grid order among equals), within each phase.
  std::stable_sort(to_run.begin(), to_run.end(), [&](auto a, auto b) { return weight_[a] > weight_[b]; });
  std::vector<int> sizes;
  for (auto i : to_run) sizes.push_back(size_of[static_cast<size_t>(i)]);
  for (int size : phase_sizes(sizes)) {
    Phase phase;
    phase.group_size = size;
    phase.num_groups = settings_.world_size / size;
    for (auto i : to_run)
      if (size_of[static_cast<size_t>(i)] == size) phase.queue.push_back(i);
    phases_.push_back(std::move(phase));
  }
  summary_.total += static_cast<int>(to_run.size());
}

std::vector<int> GridCoordinator::phase_group_sizes() const {
  std::vector<int> out;
  for (const auto& p : phases_) out.push_back(p.group_size);
  return out;
}

double GridCoordinator::seconds_now() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
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
  try {
    serve_messages();
  } catch (const cluster::CommunicationError& e) {
    channels_.abort(std::string("coordinator: ") + e.what());
  }
  summary_.wall_seconds = seconds_now();
  print_progress(true);
}

void GridCoordinator::serve_messages() {
  while (phase_ < phases_.size() && !finish_early_) {
    if (!hung_groups_.empty()) end_job_after_hang_when_due();
    const auto message = channels_.next_message();
    if (!message) {
      print_progress(false);
      // Polling with a sleep: a blocking receive in Open MPI spins a core that a rank on this node trains on.
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    try {
      switch (message->tag) {
        case kRequest: on_request(message->source); break;
        case kProgress: on_progress(message->source); break;
        case kResult: on_result(message->source); break;
        case kHang: on_hang(message->source); break;
        default:
          std::cerr << "lnctrain: coordinator: unexpected message tag " << message->tag << std::endl;
          channels_.discard(message->source, message->tag);
      }
    } catch (const cluster::CommunicationError&) {
      throw;
    } catch (const std::exception& e) {
      // The store failed (disk full, ...): hand out nothing more, so that every group ends and the job exits.
      std::cerr << "lnctrain: coordinator: " << e.what() << "; no further runs are started" << std::endl;
      stopping_ = true;
    }
  }
}

void GridCoordinator::on_request(int source) {
  const Request request = channels_.receive_request(source);
  const std::int64_t group = request.group;
  Phase& phase = phases_[phase_];
  const int size = phase.group_size;
  // Released groups are counted, and the phase advanced, before the reply goes out: no request of the next
  // phase can arrive before (the ranks synchronise in between).
  auto release = [&] {
    if (++released_ == phase.num_groups) {
      ++phase_;
      released_ = 0;
    }
    channels_.send_assignment(source, Assignment{});  // point -1: no more work
  };
  if (request.stop || cluster::preemption_requested()) stopping_ = true;
  if (stopping_ || phase.queue.empty()) return release();
  Assignment a;
  a.point = phase.queue.front();
  a.run_id = run_ids_[static_cast<size_t>(a.point)];
  const std::string ranks = group_ranks_label(static_cast<int>(group), size);
  try {
    store_->mark_running(a.run_id, size, group, ranks);
  } catch (...) {
    stopping_ = true;  // not handed out: the group is released
    release();
    throw;
  }
  phase.queue.pop_front();
  running_[group] = Running{a.point, seconds_now(), {}};
  std::cout << tag(a.point) << ": started on group " << group << " (ranks " << ranks << ")" << std::endl;
  channels_.send_assignment(source, a);
}

void GridCoordinator::on_progress(int source) {
  const Progress p = channels_.receive_progress(source);
  const double now = seconds_now();
  for (auto& [group, r] : running_)
    if (r.point == p.point) {
      r.clock.report(now, p.step, p.total_steps);
      // Into the store for `lnctrain status`, at most every kProgressRecordSeconds per run, and its last step.
      if (now - r.progress_recorded >= results::kProgressRecordSeconds || p.step == p.total_steps) {
        r.progress_recorded = now;
        const double unix_now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
        results::record_progress(*store_, run_ids_[static_cast<size_t>(p.point)], p.step, p.total_steps, unix_now);
      }
    }
  print_progress(false);
}

void GridCoordinator::on_hang(int source) {
  const Hang h = channels_.receive_hang(source);
  if (!hung_groups_.insert(h.group).second) return;  // each live rank of the group reports it
  stopping_ = true;
  const auto point = static_cast<size_t>(h.point);
  double timeout = 900;
  if (h.point >= 0 && point < grid_.points.size()) {
    timeout = grid_.points[point].parallelism.collective_timeout_s;
    store_->mark_queued_after_hang(run_ids_[point]);
    std::cerr << tag(h.point) << ": group " << h.group << " hung in a collective at step " << h.step
              << " (reported by world rank " << h.reporter << "); queued again with this attempt counted" << std::endl;
  }
  if (hung_groups_.size() == 1) hang_deadline_ = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(timeout));
  end_job_after_hang_when_due();
}

void GridCoordinator::end_job_after_hang_when_due() {
  bool others_running = false;
  for (const auto& [group, r] : running_)
    if (!hung_groups_.count(group)) others_running = true;
  if (others_running && std::chrono::steady_clock::now() < hang_deadline_) return;
  for (const auto& [group, r] : running_) {
    if (hung_groups_.count(group)) continue;
    // Still running at the deadline: stopped by the job, not by its own fault (it resumes from its checkpoint).
    store_->mark_queued(run_ids_[static_cast<size_t>(r.point)]);
    std::cerr << tag(r.point) << ": still running when the job ends after the hang; queued for resubmission" << std::endl;
  }
  std::cout << std::flush;
  cluster::abort_job("a rank group hung in a collective (collective watchdog); its point is queued again",
                     kExitCollectiveHang);
}

void GridCoordinator::on_result(int source) {
  const RunResult r = channels_.receive_result(source);  // with its importance rows
  if (r.point < 0 || static_cast<size_t>(r.point) >= grid_.points.size())
    throw std::runtime_error("result message for point " + std::to_string(r.point) + " of " +
                             std::to_string(grid_.points.size()));
  const auto point = static_cast<size_t>(r.point);
  const int size = settings_.group_size_of_point[point];
  running_.erase(r.group);
  summary_.busy_rank_seconds += r.seconds * size;
  const std::int64_t run_id = run_ids_[point];
  using results::RunStatus;
  if (r.status == RunStatus::interrupted) {
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
  if (r.status == RunStatus::done) record_run_extras(r.point, run_id, r.importance, r.predictions);
  if (r.status == RunStatus::done && !r.curve.empty()) {
    std::vector<results::CurveRecord> curve;
    for (const auto& p : r.curve) curve.push_back({p.step, p.train_loss, p.lr, p.grad_norm, p.steps_per_second});
    results::put_training_curve(*store_, run_id, curve);
  }
  if (r.status == RunStatus::done || r.status == RunStatus::failed) {
    std::vector<std::string> problems;
    results::put_provenance(*store_, run_id, provenance_rows(*store_, grid_.points[point], r.device, r.hosts, problems));
    for (const auto& p : problems) std::cerr << tag(r.point) << ": " << p << std::endl;
  }
  store_->finish_run(run_id, results::status_text(r.status), r.error, r.seconds, metrics);
  // A finished neural point calibrates the cost of queued ones (a resumed attempt for the part it trained).
  if (r.status == RunStatus::done && r.steps > 0 && !grid_.points[point].model.is_baseline()) {
    const double trained = static_cast<double>(r.steps - r.resumed_from_step) / static_cast<double>(r.steps);
    calibration_.add(r.seconds * size, weight_[point] * trained);
  }
  if (r.status == RunStatus::done) {
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
                                        const std::vector<trainer::ImportanceRow>& importance,
                                        const std::vector<trainer::PredictionRow>& predictions) {
  if (!predictions.empty()) {
    std::vector<results::PredictionRecord> rows;
    rows.reserve(predictions.size());
    for (const auto& p : predictions) rows.push_back({run_id, p.split, p.sample, p.label, p.prediction, p.probabilities});
    results::put_predictions(*store_, run_id, rows);
  }
  if (!importance.empty()) {
    std::vector<results::ImportanceRecord> rows;
    rows.reserve(importance.size());
    for (const auto& i : importance) rows.push_back({run_id, "test", i.sample, i.label, i.prediction, i.scores, i.method});
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
  const auto now_point = std::chrono::steady_clock::now();
  if (!force && std::chrono::duration<double>(now_point - last_progress_).count() < settings_.progress_seconds) return;
  last_progress_ = now_point;
  const double now = seconds_now();
  const bool finished = phase_ >= phases_.size();
  std::ostringstream running;
  double eta = 0;
  if (!finished) {
    const Phase& phase = phases_[phase_];
    // Running neural points with a measured rate calibrate too (projected over all their steps).
    CostCalibration calibration = calibration_;
    for (const auto& [group, r] : running_) {
      const auto point = static_cast<size_t>(r.point);
      if (r.clock.has_rate() && !grid_.points[point].model.is_baseline())
        calibration.add(r.clock.seconds_per_step() * static_cast<double>(r.clock.total_steps) * phase.group_size,
                        weight_[point]);
    }
    const double per_weight = calibration.rank_seconds_per_weight();
    std::vector<double> remaining(static_cast<size_t>(phase.num_groups), 0.0);
    for (const auto& [group, r] : running_) {
      double left = r.clock.remaining_seconds(now);
      // No rate yet (before its second report): the calibrated estimate of the whole point, less its time so far.
      if (std::isnan(left) && per_weight >= 0)
        left = std::max(0.0, weight_[static_cast<size_t>(r.point)] * per_weight / phase.group_size - (now - r.started));
      remaining[static_cast<size_t>(group)] = left;
      running << " [g" << group << " #" << r.point + 1 << " step " << r.clock.last_step << "/" << r.clock.total_steps
              << "]";
    }
    std::vector<QueuedPhase> queued;
    for (size_t p = phase_; p < phases_.size(); ++p) {
      if (stopping_) break;  // nothing more will start
      QueuedPhase q{phases_[p].num_groups, phases_[p].group_size, {}};
      for (auto i : phases_[p].queue) q.weights.push_back(weight_[static_cast<size_t>(i)]);
      queued.push_back(std::move(q));
    }
    eta = grid_eta_seconds(remaining, queued, per_weight);
  }
  std::cout << "progress: " << summary_.done + summary_.failed << "/" << summary_.total << " runs finished ("
            << summary_.failed << " failed), " << running_.size() << " running" << running.str();
  if (phases_.size() > 1 && !finished)
    std::cout << ", phase " << phase_ + 1 << "/" << phases_.size() << " (groups of " << phases_[phase_].group_size
              << ")";
  std::cout << ", elapsed " << duration_text(now) << ", ETA " << duration_text(eta) << std::endl;
}

}  // namespace lnc::launcher
