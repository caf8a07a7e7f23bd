#include "trainer/evaluation.h"

#include "cluster/process_group.h"
#include "data/batching/global_batch_plan.h"
#include "data/token_store/token_store.h"

namespace lnc::trainer {

SplitEvaluation evaluate_split(SequenceClassifier& model, const data::TokenStoreReader& reader,
                               const data::LongRowPolicy& row_policy, const std::string& split, std::int64_t batch_size,
                               const torch::Device& device, cluster::ProcessGroup& group) {
  torch::NoGradGuard no_grad;
  const bool was_training = model.is_training();
  model.eval();
  const std::int64_t n = reader.num_examples(split);
  const std::int64_t classes = model.config().num_labels;
  auto [begin, end] = data::rank_slice(n, group.rank(), group.size());
  auto all = torch::zeros({n, classes}, torch::kFloat32);
  for (std::int64_t start = begin; start < end; start += batch_size) {
    std::vector<std::int64_t> rows;
    for (std::int64_t r = start; r < std::min(end, start + batch_size); ++r) rows.push_back(r);
    auto batch = windowed_device_batch(reader.read_rows(split, rows), row_policy, device);
    auto logits = forward_rows(model, batch).logits.to(torch::kFloat32).to(torch::kCPU);
    all.narrow(0, start, static_cast<std::int64_t>(rows.size())).copy_(logits);
  }
  if (group.size() > 1) {
    std::vector<torch::Tensor> t{all.to(device)};
    group.allreduce_sum(t, "evaluation gather");
    all = t[0].to(torch::kCPU);
  }
  model.train(was_training);

  SplitEvaluation out;
  out.logits = all;
  auto labels32 = reader.labels(split);
  std::vector<int> labels(labels32.begin(), labels32.end());
  out.labels = torch::tensor(std::vector<std::int64_t>(labels32.begin(), labels32.end()), torch::kInt64);
  auto predictions_tensor = all.argmax(1).contiguous();
  std::vector<int> predictions(static_cast<size_t>(n));
  auto predicted = predictions_tensor.accessor<std::int64_t, 1>();
  for (std::int64_t i = 0; i < n; ++i) predictions[static_cast<size_t>(i)] = static_cast<int>(predicted[i]);
  out.metrics = metrics::compute_metrics(labels, predictions);
  out.metrics.loss = n > 0 ? torch::nn::functional::cross_entropy(all.to(torch::kFloat64), out.labels).item<double>() : 0.0;
  return out;
}

}  // namespace lnc::trainer
