#include "trainer/importance/in_silico_mutagenesis.h"

#include <algorithm>
#include <limits>
#include <map>

#include "data/batching/long_rows.h"
#include "trainer/components/row_forward.h"

namespace lnc::trainer {

namespace {

using WindowIds = std::vector<std::int32_t>;

// What each distinct window gave: the target logit of the window as a row of its own, and its pooled output
// (kept on the device, only when some row has several windows).
struct WindowOutputs {
  std::vector<double> logits;
  torch::Tensor pooled;  // [windows, H]
};

WindowOutputs forward_windows(SequenceClassifier& model, const std::vector<const WindowIds*>& windows,
                              std::int32_t pad_id, std::int64_t target, std::int64_t batch_rows, bool keep_pooled,
                              const torch::Device& device) {
  WindowOutputs out;
  out.logits.reserve(windows.size());
  std::vector<torch::Tensor> pooled;
  const auto n = static_cast<std::int64_t>(windows.size());
  for (std::int64_t start = 0; start < n; start += batch_rows) {
    const std::int64_t rows = std::min(batch_rows, n - start);
    std::size_t width = 0;
    for (std::int64_t r = 0; r < rows; ++r)
      width = std::max(width, windows[static_cast<std::size_t>(start + r)]->size());
    auto ids = torch::full({rows, static_cast<std::int64_t>(width)}, pad_id, torch::kInt64);
    auto mask = torch::zeros({rows, static_cast<std::int64_t>(width)}, torch::kInt64);
    auto* id = ids.data_ptr<std::int64_t>();
    auto* m = mask.data_ptr<std::int64_t>();
    for (std::int64_t r = 0; r < rows; ++r) {
      const auto& w = *windows[static_cast<std::size_t>(start + r)];
      for (std::size_t t = 0; t < w.size(); ++t) {
        id[static_cast<std::size_t>(r) * width + t] = w[t];
        m[static_cast<std::size_t>(r) * width + t] = 1;
      }
    }
    auto result = model.forward(ids.to(device), mask.to(device));
    if (keep_pooled) pooled.push_back(result.pooled);
    auto z = result.logits.select(1, target).to(torch::kFloat64).to(torch::kCPU).contiguous();
    const double* p = z.data_ptr<double>();
    out.logits.insert(out.logits.end(), p, p + rows);
  }
  if (keep_pooled && !pooled.empty()) out.pooled = torch::cat(pooled);
  return out;
}

}  // namespace

std::vector<double> row_logits(SequenceClassifier& model, const std::vector<data::Encoding>& rows,
                               const data::LongRowPolicy& row_policy, std::int32_t pad_id, std::int64_t target,
                               std::int64_t batch_rows, const torch::Device& device) {
  torch::NoGradGuard no_grad;
  data::LongRowPolicy policy = row_policy;
  if (policy.mode == "error") {  // the header: a mutant grown past the context is cut on the right
    policy.mode = "truncate";
    policy.side = "right";
  }
  // Every row's windows as indices into the distinct windows, in the order of row_windows.
  std::map<WindowIds, std::int64_t> index;
  std::vector<const WindowIds*> distinct;
  std::vector<std::vector<std::int64_t>> windows_of_row(rows.size());
  bool several = false;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& e = rows[r];
    const auto length = static_cast<std::int64_t>(e.ids.size());
    for (const auto& w : data::row_windows(length, policy)) {
      WindowIds ids;
      for (auto p : data::window_positions(length, w, policy.specials))
        ids.push_back(e.ids[static_cast<std::size_t>(p)]);
      auto [it, added] = index.emplace(std::move(ids), static_cast<std::int64_t>(distinct.size()));
      if (added) distinct.push_back(&it->first);  // std::map keys do not move
      windows_of_row[r].push_back(it->second);
    }
    several = several || windows_of_row[r].size() > 1;
  }
  const auto windows = forward_windows(model, distinct, pad_id, target, batch_rows, several, device);

  std::vector<double> out(rows.size(), 0.0);
  std::vector<std::size_t> chunked;  // rows of several windows: combined, then the head
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (windows_of_row[r].size() == 1)
      out[r] = windows.logits[static_cast<std::size_t>(windows_of_row[r][0])];
    else
      chunked.push_back(r);
  }
  for (std::size_t start = 0; start < chunked.size(); start += static_cast<std::size_t>(batch_rows)) {
    const auto end = std::min(chunked.size(), start + static_cast<std::size_t>(batch_rows));
    std::vector<std::int64_t> gather, offsets{0};
    for (auto i = start; i < end; ++i) {
      const auto& w = windows_of_row[chunked[i]];
      gather.insert(gather.end(), w.begin(), w.end());
      offsets.push_back(static_cast<std::int64_t>(gather.size()));
    }
    const auto at = torch::tensor(gather, torch::kInt64).to(windows.pooled.device());
    const auto pooled = combine_windows(windows.pooled.index_select(0, at), offsets, policy.pooling);
    auto z = model.classify_pooled(pooled).select(1, target).to(torch::kFloat64).to(torch::kCPU).contiguous();
    const double* p = z.data_ptr<double>();
    for (auto i = start; i < end; ++i) out[chunked[i]] = p[i - start];
  }
  return out;
}

IsmScores ism_window(SequenceClassifier& model, const data::Tokenizer& tokenizer, const std::string& window,
                     std::int64_t target, const data::LongRowPolicy& policy, std::int64_t batch_rows,
                     const torch::Device& device) {
  const auto mutants = ism_mutants(window);
  std::vector<data::Encoding> rows;
  rows.reserve(mutants.size() + 1);
  rows.push_back(tokenizer.encode(window));  // the reference first: its windows are the ones mutants reuse
  for (const auto& m : mutants) rows.push_back(tokenizer.encode(apply_mutant(window, m)));
  auto logits = row_logits(model, rows, policy, tokenizer.pad_id(), target, batch_rows, device);
  const double reference = logits.front();
  logits.erase(logits.begin());
  return ism_scores(window.size(), reference, mutants, logits);
}

IsmScores ism_window(SequenceClassifier& model, const data::Tokenizer& tokenizer, const std::string& window,
                     std::int64_t target, std::int64_t batch_rows, const torch::Device& device) {
  data::LongRowPolicy whole;  // a context no row reaches: every row is one window, as read
  whole.context = std::numeric_limits<std::int64_t>::max() / 2;
  whole.pad_id = tokenizer.pad_id();
  return ism_window(model, tokenizer, window, target, whole, batch_rows, device);
}

}  // namespace lnc::trainer
