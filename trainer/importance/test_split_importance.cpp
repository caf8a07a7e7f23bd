#include "trainer/importance/test_split_importance.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "cluster/process_group.h"
#include "data/batching/global_batch_plan.h"
#include "data/token_store/token_store.h"
#include "trainer/evaluation.h"
#include "trainer/importance/attention_importance.h"

namespace lnc::trainer {

std::vector<std::int64_t> importance_rows(std::int64_t n, std::int64_t max_sequences) {
  std::vector<std::int64_t> rows;
  const std::int64_t count = max_sequences <= 0 ? n : std::min(n, max_sequences);
  rows.reserve(static_cast<std::size_t>(std::max<std::int64_t>(0, count)));
  for (std::int64_t i = 0; i < count; ++i) rows.push_back(i * n / count);
  return rows;
}

std::vector<ImportanceRow> test_split_importance(SequenceClassifier& model, const data::TokenStoreReader& reader,
                                                 const data::LongRowPolicy& row_policy, const torch::Tensor& test_logits, std::int64_t max_sequences,
                                                 const torch::Device& device, cluster::ProcessGroup& group) {
  const std::string split = "test";
  if (!reader.has_spans(split)) return {};
  const std::int64_t n = reader.num_examples(split);
  const auto chosen = importance_rows(n, max_sequences);
  const auto count = static_cast<std::int64_t>(chosen.size());
  if (count == 0) return {};  // an empty test split (the same on every rank: no collective is skipped by one alone)
  const auto bases = reader.num_bases(split);
  std::int64_t max_bases = 0;
  for (auto r : chosen) max_bases = std::max<std::int64_t>(max_bases, bases[static_cast<std::size_t>(r)]);
  const std::int64_t width = reader.max_length(split);

  torch::NoGradGuard no_grad;
  const bool was_training = model.is_training();
  model.eval();
  auto all = torch::zeros({count, max_bases}, torch::kFloat32);
  auto [begin, end] = data::rank_slice(count, group.rank(), group.size());
  ForwardOptions with_attentions;
  with_attentions.attentions = true;
  for (std::int64_t start = begin; start < end; start += kImportanceBatchRows) {
    std::vector<std::int64_t> rows(chosen.begin() + start, chosen.begin() + std::min(end, start + kImportanceBatchRows));
    const auto windows = data::window_batch(reader.read_rows(split, rows), row_policy);
    auto batch = to_device_batch(windows, row_policy.pooling, device);
    auto out = model.forward(batch.input_ids, batch.attention_mask, with_attentions);
    // Last layer, query 0 ([CLS] / <cls>) of every window: [windows, heads, L].
    auto first = out.attentions.back().select(2, 0).to(torch::kFloat32).to(torch::kCPU).contiguous();
    const auto heads = static_cast<std::size_t>(first.size(1));
    const auto seq_len = static_cast<std::size_t>(first.size(2));
    std::vector<std::int32_t> span_begin, span_end;
    reader.read_spans(split, rows, span_begin, span_end);
    const float* data = first.data_ptr<float>();
    for (std::size_t b = 0; b < rows.size(); ++b) {
      const auto row = static_cast<std::size_t>(rows[b]);
      // The row's windows side by side: their tokens (with the bases of the row tokens they are) and their
      // first-token attention rows, [heads, tokens of all windows].
      data::Encoding e;
      std::vector<std::vector<float>> per_head(heads);
      for (auto w = windows.offsets[b]; w < windows.offsets[b + 1]; ++w) {
        const auto positions = data::window_positions(windows.row_lengths[b], windows.windows[static_cast<std::size_t>(w)],
                                                      row_policy.specials);
        for (std::size_t t = 0; t < positions.size(); ++t) {
          const auto at = b * static_cast<std::size_t>(width) + static_cast<std::size_t>(positions[t]);
          e.push(0, span_begin[at], span_end[at]);
          for (std::size_t h = 0; h < heads; ++h)
            per_head[h].push_back(data[(static_cast<std::size_t>(w) * heads + h) * seq_len + t]);
        }
      }
      std::vector<float> first_rows;
      for (const auto& h : per_head) first_rows.insert(first_rows.end(), h.begin(), h.end());
      const auto scores = attention_importance_first_row(first_rows.data(), heads, e.ids.size(), e,
                                                         static_cast<std::size_t>(bases[row]));
      std::copy(scores.begin(), scores.end(), all[start + static_cast<std::int64_t>(b)].data_ptr<float>());
    }
  }
  if (group.size() > 1) {
    std::vector<torch::Tensor> t{all.to(device)};
    group.allreduce_sum(t, "importance gather");
    all = t[0].to(torch::kCPU).contiguous();
  }
  model.train(was_training);

  const auto labels = reader.labels(split);
  const auto predictions = test_logits.argmax(1).to(torch::kInt64).contiguous();
  const auto* predicted = predictions.data_ptr<std::int64_t>();
  std::vector<ImportanceRow> out;
  out.reserve(chosen.size());
  for (std::int64_t i = 0; i < count; ++i) {
    const auto row = static_cast<std::size_t>(chosen[static_cast<std::size_t>(i)]);
    ImportanceRow r;
    r.sample = static_cast<std::int64_t>(row);
    r.label = labels[row];
    r.prediction = predicted[row];
    const float* scores = all[i].data_ptr<float>();
    r.scores.assign(scores, scores + bases[row]);
    out.push_back(std::move(r));
  }
  return out;
}

void add_test_importance(const config::RunConfig& config, SequenceClassifier& model,
                         const data::TokenStoreReader& reader, const data::LongRowPolicy& row_policy,
                         const SplitEvaluation& test, const torch::Device& device,
                         cluster::ProcessGroup& group, const RunLogger& log, RunOutcome& out) {
  if (!config.evaluation.importance) return;
  if (!reader.has_spans("test")) {
    log("no attention importance: the test split of " + reader.path() + " has no base spans");
    return;
  }
  const auto started = std::chrono::steady_clock::now();
  out.importance =
      test_split_importance(model, reader, row_policy, test.logits, config.evaluation.importance_max_sequences, device, group);
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  log("attention importance: " + std::to_string(out.importance.size()) + " test rows in " + seconds + " s");
}

}  // namespace lnc::trainer
