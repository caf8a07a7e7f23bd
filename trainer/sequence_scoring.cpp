#include "trainer/sequence_scoring.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lnc::trainer {

std::pair<torch::Tensor, torch::Tensor> pad_batch(const std::vector<data::Encoding>& encodings, std::int32_t pad_id) {
  size_t longest = 0;
  for (const auto& e : encodings) longest = std::max(longest, e.ids.size());
  const auto B = static_cast<int64_t>(encodings.size()), L = static_cast<int64_t>(longest);
  auto ids = torch::full({B, L}, static_cast<int64_t>(pad_id), torch::kInt64);
  auto mask = torch::zeros({B, L}, torch::kInt64);
  auto ids_a = ids.accessor<int64_t, 2>();
  auto mask_a = mask.accessor<int64_t, 2>();
  for (int64_t b = 0; b < B; ++b)
    for (size_t t = 0; t < encodings[b].ids.size(); ++t) {
      ids_a[b][static_cast<int64_t>(t)] = encodings[b].ids[t];
      mask_a[b][static_cast<int64_t>(t)] = 1;
    }
  return {ids, mask};
}

torch::Tensor batch_logits(SequenceClassifier& model, const std::vector<data::Encoding>& encodings,
                           std::int32_t pad_id, const torch::Device& device) {
  torch::NoGradGuard no_grad;
  auto [ids, mask] = pad_batch(encodings, pad_id);
  return model.forward(ids.to(device), mask.to(device)).logits.to(torch::kCPU, torch::kFloat64);
}

std::vector<ClassOneScore> class_one_scores(const torch::Tensor& logits) {
  if (logits.dim() != 2 || logits.size(1) < 2) throw std::invalid_argument("class-1 scores need at least two labels");
  auto probs = torch::softmax(logits, -1);
  auto la = logits.accessor<double, 2>();
  auto pa = probs.accessor<double, 2>();
  const int64_t n = logits.size(1);
  std::vector<ClassOneScore> out(static_cast<size_t>(logits.size(0)));
  for (int64_t b = 0; b < logits.size(0); ++b) {
    double top = -std::numeric_limits<double>::infinity();
    for (int64_t j = 0; j < n; ++j)
      if (j != 1) top = std::max(top, la[b][j]);
    double sum = 0;
    for (int64_t j = 0; j < n; ++j)
      if (j != 1) sum += std::exp(la[b][j] - top);
    out[static_cast<size_t>(b)] = {pa[b][1], la[b][1] - (top + std::log(sum))};
  }
  return out;
}

}  // namespace lnc::trainer
