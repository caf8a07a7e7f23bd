#include "launcher/grid/eta_estimate.h"

#include <algorithm>
#include <cmath>

namespace lnc::launcher {

void StepClock::report(double seconds, std::int64_t step, std::int64_t total) {
  if (!reported) {
    first_seconds = seconds;
    first_step = step;
    reported = true;
  }
  last_seconds = seconds;
  last_step = step;
  total_steps = total;
}

double StepClock::seconds_per_step() const {
  if (!has_rate()) return NAN;
  return (last_seconds - first_seconds) / static_cast<double>(last_step - first_step);
}

double StepClock::remaining_seconds(double now) const {
  if (!has_rate()) return NAN;
  const double left = static_cast<double>(std::max<std::int64_t>(0, total_steps - last_step)) * seconds_per_step();
  return std::max(0.0, left - std::max(0.0, now - last_seconds));
}

void CostCalibration::add(double sample_rank_seconds, double sample_weight) {
  if (!(sample_rank_seconds >= 0) || !(sample_weight > 0) || !std::isfinite(sample_rank_seconds)) return;
  rank_seconds += sample_rank_seconds;
  weight += sample_weight;
}

double CostCalibration::rank_seconds_per_weight() const { return weight > 0 ? rank_seconds / weight : NAN; }

double grid_eta_seconds(std::vector<double> running, const std::vector<QueuedPhase>& phases,
                        double rank_seconds_per_weight) {
  for (double t : running)
    if (std::isnan(t)) return NAN;
  double elapsed = 0;  // when the phase being replayed begins, from now
  std::vector<double> free_at = std::move(running);
  for (size_t p = 0; p < phases.size(); ++p) {
    const auto& phase = phases[p];
    if (p > 0 || free_at.empty()) free_at.assign(static_cast<size_t>(std::max(1, phase.num_groups)), 0.0);
    if (!phase.weights.empty() && !(rank_seconds_per_weight >= 0)) return NAN;
    for (double w : phase.weights)
      *std::min_element(free_at.begin(), free_at.end()) += w * rank_seconds_per_weight / std::max(1, phase.group_size);
    elapsed += *std::max_element(free_at.begin(), free_at.end());
  }
  if (phases.empty() && !free_at.empty()) elapsed = *std::max_element(free_at.begin(), free_at.end());
  return elapsed;
}

}  // namespace lnc::launcher
