#include "trainer/training/final_evaluation.h"

#include <stdexcept>
#include <string>

#include "cluster/process_group.h"
#include "trainer/checkpoint/run_control.h"
#include "trainer/evaluation.h"
#include "trainer/importance/test_split_importance.h"
#include "trainer/lora/lora_run_export.h"
#include "trainer/training/run_metrics.h"
#include "trainer/training/run_predictions.h"

namespace lnc::trainer {
namespace {

// The split's rows: softmax probabilities of the gathered logits (identical on every rank), argmax predictions.
void record_predictions(const std::string& split, const SplitEvaluation& e, RunOutcome& out) {
  const auto classes = static_cast<std::size_t>(e.logits.size(1));
  const auto probabilities = torch::softmax(e.logits.to(torch::kFloat64), 1).to(torch::kFloat32).contiguous();
  const auto argmax = e.logits.argmax(1).contiguous();
  const auto labels64 = e.labels.contiguous();
  const auto n = static_cast<std::size_t>(e.logits.size(0));
  std::vector<int> labels(n), predictions(n);
  for (std::size_t i = 0; i < n; ++i) {
    labels[i] = static_cast<int>(labels64.data_ptr<std::int64_t>()[i]);
    predictions[i] = static_cast<int>(argmax.data_ptr<std::int64_t>()[i]);
  }
  const float* p = probabilities.data_ptr<float>();
  add_split_predictions(split, labels, predictions, std::vector<float>(p, p + n * classes), classes, out);
}

}  // namespace

void evaluate_best_model(const EvaluationContext& context, const config::RunConfig& config, const RunControl* control,
                         const BestModel& best, RunOutcome& out) {
  if (best.state.empty()) throw std::runtime_error("diverged: no epoch gave a finite dev loss");
  auto& model = context.model;
  {
    torch::NoGradGuard no_grad;
    auto params = model.parameters();
    for (size_t i = 0; i < params.size(); ++i) params[i].copy_(best.state[i]);
  }
  if (control) export_lora_run(model, config, control->run_dir, context.group.rank(), context.log);
  auto dev = evaluate_split(model, context.reader, context.rows, "dev", context.batch_size, context.device, context.group);
  auto test = evaluate_split(model, context.reader, context.rows, "test", context.batch_size, context.device, context.group);
  add_metrics(out.metrics, "dev", std::nullopt, dev.metrics);
  add_metrics(out.metrics, "test", std::nullopt, test.metrics);
  record_predictions("dev", dev, out);
  record_predictions("test", test, out);
  context.log("best epoch " + std::to_string(best.epoch + 1) + " | test " + format_metrics(test.metrics));
  add_test_importance(config, model, context.reader, context.rows, test, context.device, context.group, context.log, out);
}

}  // namespace lnc::trainer
