#include "trainer/sequence_scoring.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "trainer/components/row_forward.h"

namespace lnc::trainer {

data::TokenBatch pad_batch(const std::vector<data::Encoding>& encodings, std::int32_t pad_id) {
  size_t longest = 0;
  for (const auto& e : encodings) longest = std::max(longest, e.ids.size());
  data::TokenBatch batch;
  batch.max_length = static_cast<std::int64_t>(longest);
  batch.input_ids.assign(encodings.size() * longest, pad_id);
  batch.attention_mask.assign(encodings.size() * longest, 0);
  batch.labels.assign(encodings.size(), 0);
  for (size_t b = 0; b < encodings.size(); ++b) {
    batch.rows.push_back(static_cast<std::int64_t>(b));
    for (size_t t = 0; t < encodings[b].ids.size(); ++t) {
      batch.input_ids[b * longest + t] = encodings[b].ids[t];
      batch.attention_mask[b * longest + t] = 1;
    }
  }
  return batch;
}

torch::Tensor batch_logits(SequenceClassifier& model, const std::vector<data::Encoding>& encodings,
                           const data::LongRowPolicy& policy, const torch::Device& device) {
  torch::NoGradGuard no_grad;
  const auto windows = windowed_device_batch(pad_batch(encodings, policy.pad_id), policy, device);
  return forward_rows(model, windows).logits.to(torch::kCPU, torch::kFloat64);
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
