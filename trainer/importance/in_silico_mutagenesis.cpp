#include "trainer/importance/in_silico_mutagenesis.h"

#include <algorithm>

namespace lnc::trainer {

std::vector<double> class_logits(SequenceClassifier& model, const std::vector<data::Encoding>& encodings,
                                 std::int32_t pad_id, std::int64_t target, std::int64_t batch_rows,
                                 const torch::Device& device) {
  torch::NoGradGuard no_grad;
  std::vector<double> out;
  out.reserve(encodings.size());
  const auto n = static_cast<std::int64_t>(encodings.size());
  for (std::int64_t start = 0; start < n; start += batch_rows) {
    const std::int64_t rows = std::min(batch_rows, n - start);
    std::size_t width = 0;
    for (std::int64_t r = 0; r < rows; ++r)
      width = std::max(width, encodings[static_cast<std::size_t>(start + r)].ids.size());
    auto ids = torch::full({rows, static_cast<std::int64_t>(width)}, pad_id, torch::kInt64);
    auto mask = torch::zeros({rows, static_cast<std::int64_t>(width)}, torch::kInt64);
    auto* id = ids.data_ptr<std::int64_t>();
    auto* m = mask.data_ptr<std::int64_t>();
    for (std::int64_t r = 0; r < rows; ++r) {
      const auto& e = encodings[static_cast<std::size_t>(start + r)];
      for (std::size_t t = 0; t < e.ids.size(); ++t) {
        id[static_cast<std::size_t>(r) * width + t] = e.ids[t];
        m[static_cast<std::size_t>(r) * width + t] = 1;
      }
    }
    auto logits = model.forward(ids.to(device), mask.to(device)).logits.select(1, target);
    logits = logits.to(torch::kFloat64).to(torch::kCPU).contiguous();
    const double* z = logits.data_ptr<double>();
    out.insert(out.end(), z, z + rows);
  }
  return out;
}

IsmScores ism_window(SequenceClassifier& model, const data::Tokenizer& tokenizer, const std::string& window,
                     std::int64_t target, std::int64_t batch_rows, const torch::Device& device) {
  const auto mutants = ism_mutants(window);
  std::vector<data::Encoding> encodings;
  encodings.reserve(mutants.size());
  for (const auto& m : mutants) encodings.push_back(tokenizer.encode(apply_mutant(window, m)));
  const double reference = class_logits(model, {tokenizer.encode(window)}, tokenizer.pad_id(), target, 1, device)[0];
  return ism_scores(window.size(), reference, mutants,
                    class_logits(model, encodings, tokenizer.pad_id(), target, batch_rows, device));
}

}  // namespace lnc::trainer
