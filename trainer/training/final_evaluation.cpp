#include "trainer/training/final_evaluation.h"

#include <stdexcept>
#include <string>

#include "cluster/process_group.h"
#include "trainer/checkpoint/run_control.h"
#include "trainer/evaluation.h"
#include "trainer/importance/test_split_importance.h"
#include "trainer/lora/lora_run_export.h"
#include "trainer/training/run_metrics.h"

namespace lnc::trainer {

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
  context.log("best epoch " + std::to_string(best.epoch + 1) + " | test " + format_metrics(test.metrics));
  add_test_importance(config, model, context.reader, context.rows, test, context.device, context.group, context.log, out);
}

}  // namespace lnc::trainer
