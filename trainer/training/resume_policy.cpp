#include "trainer/training/resume_policy.h"

#include "cluster/process_group.h"
#include "trainer/checkpoint/run_control.h"

namespace lnc::trainer {

EpochStart epoch_start(const TrainingStart& start, std::int64_t epoch) {
  if (epoch != start.progress.epoch) return {};
  return {start.progress.batch, start.accumulators};
}

bool periodic_checkpoint_due(std::int64_t steps_done, std::int64_t every, bool epoch_end_follows) {
  return every > 0 && steps_done % every == 0 && !epoch_end_follows;
}

RunCheckpoints::RunCheckpoints(RunControl* control, cluster::ProcessGroup& group, torch::nn::Module& model,
                               torch::optim::Optimizer& optimizer, std::vector<torch::Tensor>& best_state)
    : control_(control),
      group_(group),
      model_(model),
      optimizer_(optimizer),
      best_state_(best_state),
      enabled_(control && !control->checkpoint_dir.empty()) {}

TrainingStart RunCheckpoints::start(const std::string& config_hash, std::int64_t total_steps, const RunLogger& log) {
  TrainingStart start;
  start.progress.config_hash = config_hash;
  start.progress.group_size = group_.size();
  start.progress.total_steps = total_steps;
  if (enabled_) {
    std::string why_not;
    if (auto loaded = load_latest_training_checkpoint(control_->checkpoint_dir, group_, model_, optimizer_,
                                                      best_state_, config_hash, why_not)) {
      start.progress = loaded->progress;
      start.accumulators = loaded->accumulators;
      control_->resumed_from_step = start.progress.step;
      log("resumed from step " + std::to_string(start.progress.step) + " (epoch " +
          std::to_string(start.progress.epoch + 1) + ", batch " + std::to_string(start.progress.batch) + ")");
    } else if (!why_not.empty()) {
      log(why_not);
    }
  }
  progress_ = start.progress;
  return start;
}

void RunCheckpoints::after_step(std::int64_t steps_done, std::int64_t epoch, std::int64_t next_batch,
                                bool epoch_end_follows, bool stop, const RankAccumulators& accumulators,
                                const std::vector<MetricValue>& metrics) {
  if (!enabled_) return;
  if (stop) {
    save(steps_done, epoch, next_batch, accumulators, metrics);
    throw TrainingInterrupted(steps_done);
  }
  if (periodic_checkpoint_due(steps_done, control_->checkpoint_every, epoch_end_follows))
    save(steps_done, epoch, next_batch, accumulators, metrics);
}

void RunCheckpoints::after_epoch(std::int64_t steps_done, std::int64_t next_epoch, double best_dev_loss,
                                 std::int64_t best_epoch, const std::vector<MetricValue>& metrics) {
  progress_.best_dev_loss = best_dev_loss;
  progress_.best_epoch = best_epoch;
  if (enabled_) save(steps_done, next_epoch, 0, {}, metrics);
}

void RunCheckpoints::save(std::int64_t step, std::int64_t epoch, std::int64_t batch,
                          const RankAccumulators& accumulators, const std::vector<MetricValue>& metrics) {
  progress_.step = step;
  progress_.epoch = epoch;
  progress_.batch = batch;
  progress_.metrics = metrics;
  save_training_checkpoint(control_->checkpoint_dir, group_, model_, optimizer_, best_state_, progress_, accumulators);
  if (control_->on_checkpoint) control_->on_checkpoint(step);
}

}  // namespace lnc::trainer
