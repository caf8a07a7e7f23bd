#include "trainer/importance/integrated_gradients.h"

#include <stdexcept>
#include <string>

namespace lnc::trainer {

torch::Tensor word_embedding_weight(SequenceClassifier& model) {
  const std::string suffix = "embeddings.word_embeddings.weight";
  for (const auto& p : model.named_parameters()) {
    const auto& name = p.key();
    if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      return p.value();
  }
  throw std::invalid_argument("integrated gradients: the model has no parameter named *" + suffix);
}

IgResult integrated_gradients(SequenceClassifier& model, const torch::Tensor& input_ids,
                              const torch::Tensor& attention_mask, const torch::Tensor& baseline_ids,
                              const torch::Tensor& targets, std::int64_t steps) {
  if (steps <= 0) throw std::invalid_argument("integrated gradients: steps must be positive");
  const auto weight = word_embedding_weight(model).detach();
  const auto B = input_ids.size(0), L = input_ids.size(1);
  auto lookup = [&](const torch::Tensor& ids) { return weight.index_select(0, ids.flatten()).view({B, L, -1}); };
  const auto input = lookup(input_ids), baseline = lookup(baseline_ids);
  const auto delta = input - baseline;
  const auto pick = targets.view({B, 1});
  auto target_logits = [&](const torch::Tensor& words) {
    ForwardOptions o;
    o.word_embeddings = words;
    return model.forward(input_ids, attention_mask, o).logits.gather(1, pick).squeeze(1);
  };
  auto gradient_sum = torch::zeros_like(input, input.options().dtype(torch::kFloat64));
  for (std::int64_t s = 0; s < steps; ++s) {
    const double alpha = (static_cast<double>(s) + 0.5) / static_cast<double>(steps);
    auto point = (baseline + alpha * delta).detach().requires_grad_(true);
    auto z = target_logits(point).sum();  // rows are independent: the gradient of the sum is each row's own
    auto g = torch::autograd::grad({z}, {point})[0];
    gradient_sum += g.to(torch::kFloat64);
  }
  IgResult out;
  out.token_attributions =
      (delta.to(torch::kFloat64) * gradient_sum / static_cast<double>(steps)).sum(-1).to(torch::kCPU);
  torch::NoGradGuard no_grad;
  out.input_logits = target_logits(input).to(torch::kFloat64).to(torch::kCPU);
  out.baseline_logits = target_logits(baseline).to(torch::kFloat64).to(torch::kCPU);
  return out;
}

}  // namespace lnc::trainer
