#include "trainer/tracking/run_tracker.h"

#include <cmath>

namespace lnc::trainer {

std::map<std::string, HyperparameterValue> hyperparameters(const config::RunConfig& c) {
  return {{"data.task", c.data.task},
          {"data.length", static_cast<double>(c.data.length)},
          {"data.tokenizer", c.data.tokenizer},
          {"model.family", c.model.architecture.family},
          {"model.name", c.model.name},
          {"model.pretrained", c.model.pretrained},
          {"optimizer.lr", c.optimizer.lr},
          {"optimizer.weight_decay", c.optimizer.weight_decay},
          {"lr_scheduler.warmup_steps", static_cast<double>(c.scheduler.warmup_steps)},
          {"training.seed", static_cast<double>(c.training.seed)},
          {"training.epochs", static_cast<double>(c.training.epochs)},
          {"training.max_steps", static_cast<double>(c.training.max_steps)},
          {"training.global_batch_size", static_cast<double>(c.training.global_batch_size)},
          {"training.precision", c.training.precision},
          {"lora.enabled", c.lora.enabled},
          {"config_hash", c.config_hash}};
}

RunTracker::RunTracker(const config::RunConfig& config, const std::string& run_dir, int group_rank,
                       std::int64_t total_steps)
    : log_every_(config.training.log_every), total_steps_(total_steps) {
  if (config.job.tensorboard && !run_dir.empty() && group_rank == 0) {
    events_ = std::make_unique<TensorboardEventWriter>(run_dir);
    events_->add_hyperparameters(hyperparameters(config));
  }
}

void RunTracker::after_step(std::int64_t step, double global_loss, double lr, double grad_norm, RunOutcome& out) {
  const auto now = std::chrono::steady_clock::now();
  if (window_first_step_ < 0) {  // the first step of this attempt: its time is not known, the window starts here
    window_first_step_ = step;
    window_start_ = now;
  }
  loss_sum_ += global_loss;
  ++losses_;
  last_step_ = step;
  if (step % log_every_ != 0 && step != total_steps_) return;
  const double seconds = std::chrono::duration<double>(now - window_start_).count();
  const auto timed_steps = step - window_first_step_;  // steps completed within the window's clock
  CurvePoint p{step, loss_sum_ / static_cast<double>(losses_), lr, grad_norm,
               seconds > 0 && timed_steps > 0 ? static_cast<double>(timed_steps) / seconds : 0.0};
  out.curve.push_back(p);
  if (events_) {
    events_->add_scalar("train/loss", p.train_loss, step);
    events_->add_scalar("train/lr", p.lr, step);
    events_->add_scalar("train/grad_norm", p.grad_norm, step);
    if (p.steps_per_second > 0) events_->add_scalar("train/steps_per_second", p.steps_per_second, step);
  }
  loss_sum_ = 0;
  losses_ = 0;
  window_first_step_ = step;
  window_start_ = now;
}

void RunTracker::after_epoch(std::int64_t step, std::int64_t epoch, const std::vector<MetricValue>& metrics) {
  if (!events_) return;
  for (const auto& m : metrics)
    if (m.epoch && *m.epoch == epoch && std::isfinite(m.value))  // train/loss is the per-step curve's tag
      events_->add_scalar(m.split == "train" ? "train/epoch_" + m.name : m.split + "/" + m.name, m.value, step);
}

void RunTracker::finish(const std::vector<MetricValue>& metrics, bool success) {
  if (!events_) return;
  for (const auto& m : metrics)
    if (!m.epoch && std::isfinite(m.value)) events_->add_scalar("final_" + m.split + "/" + m.name, m.value, last_step_);
  events_->end_session(success);
}

}  // namespace lnc::trainer
