#include "trainer/training/epoch_evaluation.h"

#include <algorithm>
#include <string>

#include "cluster/process_group.h"
#include "trainer/evaluation.h"
#include "trainer/training/run_metrics.h"

namespace lnc::trainer {

void evaluate_epoch(const EvaluationContext& context, std::int64_t epoch, std::int64_t epochs,
                    std::int64_t steps_done, const RankAccumulators& accumulators, std::vector<MetricValue>& metrics,
                    BestModel& best) {
  std::vector<torch::Tensor> totals{
      torch::tensor({accumulators.loss_sum, static_cast<double>(accumulators.loss_count)}, torch::kFloat64)
          .to(context.device)};
  context.group.allreduce_sum(totals, "training loss totals");
  auto t = totals[0].to(torch::kCPU);
  const double train_loss = t[0].item<double>() / std::max(1.0, t[1].item<double>());
  metrics.push_back({"train", epoch, "loss", train_loss});

  auto dev = evaluate_split(context.model, context.reader, context.rows, "dev", context.batch_size, context.device, context.group);
  add_metrics(metrics, "dev", epoch, dev.metrics);
  context.log("epoch " + std::to_string(epoch + 1) + "/" + std::to_string(epochs) + " step " +
              std::to_string(steps_done) + " train loss " + std::to_string(train_loss) + " | dev " +
              format_metrics(dev.metrics));
  if (dev.metrics.loss < best.dev_loss) {
    best.dev_loss = dev.metrics.loss;
    best.epoch = epoch;
    torch::NoGradGuard no_grad;
    best.state.clear();
    for (auto& p : context.model.parameters()) best.state.push_back(p.detach().clone());
  }
}

}  // namespace lnc::trainer
