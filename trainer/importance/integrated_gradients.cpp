#include "trainer/importance/integrated_gradients.h"

#include <stdexcept>
#include <string>

#include "data/batching/long_rows.h"
#include "trainer/components/row_forward.h"

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

namespace {

// IG of the rows' logits as forward_rows computes them on `windows`. The row tokens' embeddings ([B, T, H] from
// row_ids / baseline_ids [B, T]) are the inputs; window slot j takes the row token gather[j] (< B * T), or, for
// gather[j] >= B * T (padding), the embedding of the window's own id (slot gather[j] - B * T of its ids).
IgResult integrated_gradients_on(SequenceClassifier& model, const DeviceBatch& windows, const torch::Tensor& gather,
                                 const torch::Tensor& row_ids, const torch::Tensor& baseline_ids,
                                 const torch::Tensor& targets, std::int64_t steps) {
  if (steps <= 0) throw std::invalid_argument("integrated gradients: steps must be positive");
  const auto weight = word_embedding_weight(model).detach();
  const auto B = row_ids.size(0), T = row_ids.size(1);
  const auto W = windows.input_ids.size(0), L = windows.input_ids.size(1);
  auto lookup = [&](const torch::Tensor& ids) {
    return weight.index_select(0, ids.flatten()).view({ids.size(0), ids.size(1), -1});
  };
  const auto input = lookup(row_ids), baseline = lookup(baseline_ids);
  const auto own = lookup(windows.input_ids).view({W * L, -1});  // padding slots: constants
  const auto delta = input - baseline;
  const auto pick = targets.view({B, 1});
  auto target_logits = [&](const torch::Tensor& words) {
    ForwardOptions o;
    o.word_embeddings = torch::cat({words.reshape({B * T, -1}), own}).index_select(0, gather).view({W, L, -1});
    return forward_rows(model, windows, o).logits.gather(1, pick).squeeze(1);
  };
  auto gradient_sum = torch::zeros_like(input, input.options().dtype(torch::kFloat64));
  for (std::int64_t s = 0; s < steps; ++s) {
    const double alpha = (static_cast<double>(s) + 0.5) / static_cast<double>(steps);
    auto point = (baseline + alpha * delta).detach().requires_grad_(true);
    auto z = target_logits(point).sum();  // rows are independent: the gradient of the sum is each row's own
    auto g = torch::autograd::grad({z}, {point})[0];  // summed over every window that holds the token
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

}  // namespace

IgResult integrated_gradients(SequenceClassifier& model, const torch::Tensor& input_ids,
                              const torch::Tensor& attention_mask, const torch::Tensor& baseline_ids,
                              const torch::Tensor& targets, std::int64_t steps) {
  // One window per row, the row itself: slot (b, t) is row token (b, t).
  const auto gather = torch::arange(input_ids.numel(), input_ids.options().dtype(torch::kInt64));
  return integrated_gradients_on(model, device_batch(input_ids, attention_mask, targets), gather, input_ids,
                                 baseline_ids, targets, steps);
}

IgResult integrated_gradients(SequenceClassifier& model, const data::TokenBatch& rows,
                              const std::vector<std::int64_t>& baseline_ids, const data::LongRowPolicy& policy,
                              std::int64_t steps, const torch::Device& device) {
  const auto B = static_cast<std::int64_t>(rows.rows.size()), T = rows.max_length;
  if (static_cast<std::int64_t>(baseline_ids.size()) != B * T ||
      static_cast<std::int64_t>(rows.input_ids.size()) != B * T)
    throw std::invalid_argument("integrated gradients: " + std::to_string(baseline_ids.size()) +
                                " baseline ids for " + std::to_string(B) + " rows of " + std::to_string(T));
  const auto windows = data::window_batch(rows, policy);
  const auto batch = to_device_batch(windows, policy.pooling, device);
  const auto L = windows.batch.max_length;
  const auto W = static_cast<std::int64_t>(windows.windows.size());
  std::vector<std::int64_t> gather(static_cast<std::size_t>(W * L));
  for (std::int64_t j = 0; j < W * L; ++j) gather[static_cast<std::size_t>(j)] = B * T + j;  // padding: its own id
  for (std::size_t b = 0; b < rows.rows.size(); ++b)
    for (auto w = windows.offsets[b]; w < windows.offsets[b + 1]; ++w) {
      const auto positions = data::window_positions(windows.row_lengths[b],
                                                    windows.windows[static_cast<std::size_t>(w)], policy.specials);
      for (std::size_t t = 0; t < positions.size(); ++t)
        gather[static_cast<std::size_t>(w * L) + t] = static_cast<std::int64_t>(b) * T + positions[t];
    }
  auto tensor = [&](const std::vector<std::int64_t>& v, std::vector<std::int64_t> shape) {
    return torch::tensor(v, torch::kInt64).view(shape).to(device);
  };
  return integrated_gradients_on(model, batch, tensor(gather, {W * L}), tensor(rows.input_ids, {B, T}),
                                 tensor(baseline_ids, {B, T}), batch.labels, steps);
}

}  // namespace lnc::trainer
