#include "trainer/importance/test_split_importance.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>

#include "base/input_error.h"
#include "cluster/process_group.h"
#include "data/batching/global_batch_plan.h"
#include "data/token_store/token_store.h"
#include "trainer/evaluation.h"
#include "trainer/importance/attention_importance.h"
#include "trainer/importance/base_spread.h"
#include "trainer/importance/in_silico_mutagenesis.h"
#include "trainer/importance/integrated_gradients.h"
#include "trainer/importance/ism_tokenizer.h"

namespace lnc::trainer {

std::vector<std::int64_t> importance_rows(std::int64_t n, std::int64_t max_sequences) {
  std::vector<std::int64_t> rows;
  const std::int64_t count = max_sequences <= 0 ? n : std::min(n, max_sequences);
  rows.reserve(static_cast<std::size_t>(std::max<std::int64_t>(0, count)));
  for (std::int64_t i = 0; i < count; ++i) rows.push_back(i * n / count);
  return rows;
}

namespace {

bool wants(const ImportanceSettings& s, const std::string& method) {
  return std::find(s.methods.begin(), s.methods.end(), method) != s.methods.end();
}

// What every method needs of one batch of the rank's share.
struct ShareBatch {
  std::int64_t first = 0;             // index into the chosen rows of rows[0]
  std::vector<std::int64_t> rows;     // split rows
  std::vector<data::Encoding> spans;  // token -> base mapping of each row (ids 0)
};

class SplitImportance {
 public:
  SplitImportance(SequenceClassifier& model, const data::TokenStoreReader& reader, const ImportanceSettings& settings,
                  const torch::Device& device)
      : model_(model), reader_(reader), settings_(settings), device_(device) {}

  // Calls f for each batch of at most kImportanceBatchRows rows of chosen[begin, end).
  void for_each_batch(const std::vector<std::int64_t>& chosen, std::int64_t begin, std::int64_t end,
                      const std::function<void(const ShareBatch&)>& f) const {
    const auto lengths = reader_.lengths(split_);
    const std::int64_t width = reader_.max_length(split_);
    for (std::int64_t start = begin; start < end; start += kImportanceBatchRows) {
      ShareBatch b;
      b.first = start;
      b.rows.assign(chosen.begin() + start, chosen.begin() + std::min(end, start + kImportanceBatchRows));
      std::vector<std::int32_t> span_begin, span_end;
      reader_.read_spans(split_, b.rows, span_begin, span_end);
      for (std::size_t r = 0; r < b.rows.size(); ++r) {
        data::Encoding e;
        const auto row = static_cast<std::size_t>(b.rows[r]);
        for (std::int32_t t = 0; t < lengths[row]; ++t) {
          const std::size_t at = r * static_cast<std::size_t>(width) + static_cast<std::size_t>(t);
          e.push(0, span_begin[at], span_end[at]);
        }
        b.spans.push_back(std::move(e));
      }
      f(b);
    }
  }

  // Rows longer than the model's context ([data] long_sequences, trainer/components/row_forward.h): each window's
  // last-layer first-token attention is mapped back to the row's tokens and so to its bases (header comment).
  void attention(const ShareBatch& b, const std::vector<std::int32_t>& bases, torch::Tensor& all) const {
    torch::NoGradGuard no_grad;
    ForwardOptions with_attentions;
    with_attentions.attentions = true;
    const auto& policy = settings_.row_policy;
    const auto windows = data::window_batch(reader_.read_rows(split_, b.rows), policy);
    auto batch = to_device_batch(windows, policy.pooling, device_);
    with_attentions.row_lengths = batch.row_lengths;  // the host lengths: no device read of the mask
    auto out = model_.forward(batch.input_ids, batch.attention_mask, with_attentions);
    // Last layer, query 0 ([CLS] / <cls>) of every window: [windows, heads, L].
    auto first = out.attentions.back().select(2, 0).to(torch::kFloat32).to(torch::kCPU).contiguous();
    const auto heads = static_cast<std::size_t>(first.size(1));
    const auto seq_len = static_cast<std::size_t>(first.size(2));
    const float* data = first.data_ptr<float>();
    for (std::size_t r = 0; r < b.rows.size(); ++r) {
      const auto row = static_cast<std::size_t>(b.rows[r]);
      // The row's windows side by side: their tokens (with the bases of the row tokens they are) and their
      // first-token attention rows, [heads, tokens of all windows].
      data::Encoding e;
      std::vector<std::vector<float>> per_head(heads);
      for (auto w = windows.offsets[r]; w < windows.offsets[r + 1]; ++w) {
        const auto positions =
            data::window_positions(windows.row_lengths[r], windows.windows[static_cast<std::size_t>(w)], policy.specials);
        for (std::size_t t = 0; t < positions.size(); ++t) {
          const auto at = static_cast<std::size_t>(positions[t]);
          e.push(0, b.spans[r].base_begin[at], b.spans[r].base_end[at]);
          for (std::size_t h = 0; h < heads; ++h)
            per_head[h].push_back(data[(static_cast<std::size_t>(w) * heads + h) * seq_len + t]);
        }
      }
      std::vector<float> first_rows;
      for (const auto& h : per_head) first_rows.insert(first_rows.end(), h.begin(), h.end());
      const auto scores = attention_importance_first_row(first_rows.data(), heads, e.ids.size(), e,
                                                         static_cast<std::size_t>(bases[row]));
      std::copy(scores.begin(), scores.end(), all[b.first + static_cast<std::int64_t>(r)].data_ptr<float>());
    }
  }

  // Rows of any length: each row's windows under the run's policy (integrated_gradients.h). One IG call takes rows
  // of at most kImportanceBatchRows windows in all (a row of more windows goes alone: its chunks are one function),
  // so a batch of chunked rows needs no more memory than one of rows that fit.
  void integrated_gradients_batch(const ShareBatch& b, const std::vector<std::int32_t>& bases,
                                  torch::Tensor& all) const {
    const auto& c = model_.config();
    const std::int64_t replace = settings_.ig_baseline == "mask" ? c.mask_token_id : c.pad_token_id;
    if (replace < 0 || replace >= c.vocab_size)
      throw InputError("[evaluation]", 0, "ig_baseline",
                       "the model has no " + settings_.ig_baseline + " token (id " + std::to_string(replace) +
                           "); use ig_baseline = \"pad\"");
    for (std::size_t start = 0; start < b.rows.size();) {
      std::size_t end = start;
      std::int64_t windows = 0;
      while (end < b.rows.size()) {
        const auto length = static_cast<std::int64_t>(b.spans[end].ids.size());
        const auto these = static_cast<std::int64_t>(data::row_windows(length, settings_.row_policy).size());
        if (end > start && windows + these > kImportanceBatchRows) break;
        windows += these;
        ++end;
      }
      const std::vector<std::int64_t> rows(b.rows.begin() + static_cast<std::ptrdiff_t>(start),
                                           b.rows.begin() + static_cast<std::ptrdiff_t>(end));
      const auto tokens = reader_.read_rows(split_, rows);
      const auto width = static_cast<std::size_t>(tokens.max_length);
      auto baseline = tokens.input_ids;
      for (std::size_t r = 0; r < rows.size(); ++r) {
        const auto& spans = b.spans[start + r];
        for (std::size_t t = 0; t < spans.ids.size(); ++t)
          if (spans.base_begin[t] >= 0) baseline[r * width + t] = replace;
      }
      const auto ig = trainer::integrated_gradients(model_, tokens, baseline, settings_.row_policy,
                                                    settings_.ig_steps, device_);
      const auto attributions = ig.token_attributions.contiguous();
      const double* a = attributions.data_ptr<double>();
      for (std::size_t r = 0; r < rows.size(); ++r) {
        std::vector<double> token(a + r * width, a + (r + 1) * width);
        std::vector<double> per_base(static_cast<std::size_t>(bases[static_cast<std::size_t>(rows[r])]), 0.0);
        spread_over_bases(token, b.spans[start + r], per_base);
        float* out = all[b.first + static_cast<std::int64_t>(start + r)].data_ptr<float>();
        for (std::size_t p = 0; p < per_base.size(); ++p) out[p] = static_cast<float>(per_base[p]);
      }
      start = end;
    }
  }

  void ism(const ShareBatch& b, const std::vector<std::string>& sequences, const std::vector<std::int32_t>& labels,
           torch::Tensor& drop, torch::Tensor& mean) const {
    for (std::size_t r = 0; r < b.rows.size(); ++r) {
      const auto row = static_cast<std::size_t>(b.rows[r]);
      const auto s = ism_window(model_, *settings_.tokenizer, sequences[row], labels[row], settings_.row_policy,
                                settings_.ism_batch_rows, device_);
      const auto at = b.first + static_cast<std::int64_t>(r);
      std::copy(s.largest_drop.begin(), s.largest_drop.end(), drop[at].data_ptr<float>());
      std::copy(s.mean_change.begin(), s.mean_change.end(), mean[at].data_ptr<float>());
    }
  }

 private:
  SequenceClassifier& model_;
  const data::TokenStoreReader& reader_;
  const ImportanceSettings& settings_;
  const torch::Device& device_;
  const std::string split_ = "test";
};

}  // namespace

std::vector<ImportanceRow> test_split_importance(SequenceClassifier& model, const data::TokenStoreReader& reader,
                                                 const torch::Tensor& test_logits, const ImportanceSettings& settings,
                                                 const torch::Device& device, cluster::ProcessGroup& group) {
  const std::string split = "test";
  if (!reader.has_spans(split)) return {};
  const std::int64_t n = reader.num_examples(split);
  const auto chosen = importance_rows(n, settings.max_sequences);
  const auto count = static_cast<std::int64_t>(chosen.size());
  if (count == 0) return {};  // an empty test split (the same on every rank: no collective is skipped by one alone)
  const auto bases = reader.num_bases(split);
  const auto labels = reader.labels(split);
  std::int64_t max_bases = 0;
  for (auto r : chosen) max_bases = std::max<std::int64_t>(max_bases, bases[static_cast<std::size_t>(r)]);
  const bool ism = wants(settings, "ism");
  if (ism && !settings.tokenizer) throw std::invalid_argument("test_split_importance: ism without a tokenizer");

  const bool was_training = model.is_training();
  model.eval();
  // One zero tensor per stored method, in kStoredImportanceMethods order (the order of the all-reduces).
  std::vector<std::pair<std::string, torch::Tensor>> results;
  results.reserve(kNumStoredImportanceMethods);  // so the pointers below stay valid
  auto add = [&](const std::string& name) -> torch::Tensor* {
    results.emplace_back(name, torch::zeros({count, max_bases}, torch::kFloat32));
    return &results.back().second;
  };
  if (wants(settings, "attention")) add("attention");
  torch::Tensor* drop = ism ? add("ism") : nullptr;
  torch::Tensor* mean = ism ? add("ism_mean") : nullptr;
  if (wants(settings, "integrated_gradients")) add("integrated_gradients");
  auto [begin, end] = data::rank_slice(count, group.rank(), group.size());
  SplitImportance work(model, reader, settings, device);
  std::vector<std::string> sequences;
  if (ism) sequences = reader.sequences(split);
  work.for_each_batch(chosen, begin, end, [&](const ShareBatch& b) {
    for (auto& [name, all] : results) {
      if (name == "attention") work.attention(b, bases, all);
      if (name == "integrated_gradients") work.integrated_gradients_batch(b, bases, all);
    }
    if (ism) work.ism(b, sequences, labels, *drop, *mean);
  });
  for (auto& [name, all] : results)
    if (group.size() > 1) {
      std::vector<torch::Tensor> t{all.to(device)};
      group.allreduce_sum(t, "importance gather");
      all = t[0].to(torch::kCPU).contiguous();
    }
  model.train(was_training);

  const auto predictions = test_logits.argmax(1).to(torch::kInt64).contiguous();
  const auto* predicted = predictions.data_ptr<std::int64_t>();
  std::vector<ImportanceRow> out;
  out.reserve(chosen.size() * results.size());
  for (const auto& [name, all] : results)
    for (std::int64_t i = 0; i < count; ++i) {
      const auto row = static_cast<std::size_t>(chosen[static_cast<std::size_t>(i)]);
      ImportanceRow r;
      r.sample = static_cast<std::int64_t>(row);
      r.label = labels[row];
      r.prediction = predicted[row];
      const float* scores = all[i].data_ptr<float>();
      r.scores.assign(scores, scores + bases[row]);
      r.method = name;
      out.push_back(std::move(r));
    }
  return out;
}

std::vector<ImportanceRow> test_split_importance(SequenceClassifier& model, const data::TokenStoreReader& reader,
                                                 const data::LongRowPolicy& row_policy, const torch::Tensor& test_logits,
                                                 std::int64_t max_sequences, const torch::Device& device,
                                                 cluster::ProcessGroup& group) {
  ImportanceSettings s;
  s.max_sequences = max_sequences;
  s.row_policy = row_policy;
  return test_split_importance(model, reader, test_logits, s, device, group);
}

void add_test_importance(const config::RunConfig& config, SequenceClassifier& model,
                         const data::TokenStoreReader& reader, const data::LongRowPolicy& row_policy,
                         const SplitEvaluation& test, const torch::Device& device,
                         cluster::ProcessGroup& group, const RunLogger& log, RunOutcome& out) {
  if (!config.evaluation.importance) return;
  if (!reader.has_spans("test")) {
    log("no importance: the test split of " + reader.path() + " has no base spans");
    return;
  }
  ImportanceSettings s;
  s.methods = config.evaluation.importance_methods;
  s.max_sequences = config.evaluation.importance_max_sequences;
  s.ig_steps = config.evaluation.ig_steps;
  s.ig_baseline = config.evaluation.ig_baseline;
  s.ism_batch_rows = config.evaluation.ism_batch_rows;
  s.row_policy = row_policy;
  std::unique_ptr<data::Tokenizer> tokenizer;
  if (wants(s, "ism")) {
    // Every rank resolves the same paths, so all drop ism together (their collectives stay paired).
    try {
      tokenizer = ism_tokenizer(config, reader.info(), reader.path());
      s.tokenizer = tokenizer.get();
    } catch (const InputError& e) {
      log(std::string("no ism importance: ") + e.what());
      s.methods.erase(std::find(s.methods.begin(), s.methods.end(), "ism"));
    }
  }
  if (s.methods.empty()) return;
  const auto started = std::chrono::steady_clock::now();
  out.importance = test_split_importance(model, reader, test.logits, s, device, group);
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  std::map<std::string, std::size_t> rows;
  for (const auto& r : out.importance) ++rows[r.method];
  std::string line;
  for (const char* m : kStoredImportanceMethods)
    if (rows.count(m)) line += std::string(line.empty() ? "" : "; ") + m + " importance: " + std::to_string(rows[m]) + " test rows";
  log(line + " in " + seconds + " s");
}

}  // namespace lnc::trainer
