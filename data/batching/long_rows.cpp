#include "data/batching/long_rows.h"

#include <algorithm>
#include <stdexcept>

#include "config/model_families.h"

namespace lnc::data {

SpecialTokens special_tokens_of(const std::string& tokenizer_kind) {
  if (tokenizer_kind == "kmer" || tokenizer_kind == "bpe") return {1, 1};
  if (tokenizer_kind == "nt") return {1, 0};
  throw std::invalid_argument("unknown tokenizer kind '" + tokenizer_kind + "'");
}

std::int64_t default_chunk_stride(std::int64_t content) {
  const std::int64_t overlapped = content - 64;
  return std::max<std::int64_t>(1, overlapped * 2 >= content ? overlapped : content / 2);
}

LongRowPolicy long_row_policy(const config::DataConfig& d, const config::ModelConfig& model,
                              const std::string& tokenizer_kind, std::int32_t pad_id) {
  LongRowPolicy p;
  p.mode = d.long_sequences;
  p.side = d.truncation_side;
  p.stride = d.chunk_stride;
  p.pooling = d.chunk_pooling;
  const auto* spec = config::find_family(model.family);
  if (!spec || !spec->context_tokens) throw std::invalid_argument("model family '" + model.family + "' has no context");
  p.context = spec->context_tokens(model);
  p.max_position_embeddings = model.max_position_embeddings;
  p.specials = special_tokens_of(tokenizer_kind);
  p.pad_id = pad_id;
  return p;
}

std::string long_row_policy_problem(const LongRowPolicy& p) {
  if (p.mode == "error") return "";
  if (p.content() < 1)
    return "the model's context of " + std::to_string(p.context) + " tokens leaves no room beside its " +
           std::to_string(p.specials.leading + p.specials.trailing) + " special tokens (data.long_sequences = \"" +
           p.mode + "\")";
  if (p.mode == "chunk" && p.chunk_stride() > p.content())
    return "data.chunk_stride = " + std::to_string(p.chunk_stride()) + " is more than a chunk's " +
           std::to_string(p.content()) + " content tokens (the model's context of " + std::to_string(p.context) +
           " less its special tokens): tokens between chunks would be skipped";
  return "";
}

std::vector<RowWindow> row_windows(std::int64_t length, const LongRowPolicy& p) {
  const std::int64_t content = std::max<std::int64_t>(0, length - p.specials.leading - p.specials.trailing);
  if (length <= p.context) return {{0, content}};
  if (p.mode == "error")
    throw std::invalid_argument("a row of " + std::to_string(length) + " tokens exceeds max_position_embeddings " +
                                std::to_string(p.max_position_embeddings) + " (a context of " +
                                std::to_string(p.context) + " tokens, special tokens included); set " + p.key +
                                " = \"truncate\" or \"chunk\"");
  if (const auto problem = long_row_policy_problem(p); !problem.empty()) throw std::invalid_argument(problem);
  const std::int64_t cap = p.content();
  if (p.mode == "truncate") return {p.side == "left" ? RowWindow{content - cap, content} : RowWindow{0, cap}};
  std::vector<RowWindow> out;
  for (std::int64_t start = 0;; start += p.chunk_stride()) {
    const std::int64_t end = std::min(start + cap, content);
    out.push_back({start, end});
    if (end == content) break;
  }
  return out;
}

std::vector<std::int64_t> window_positions(std::int64_t length, const RowWindow& w, const SpecialTokens& s) {
  std::vector<std::int64_t> out;
  out.reserve(static_cast<std::size_t>(s.leading + (w.end - w.begin) + s.trailing));
  for (std::int64_t i = 0; i < s.leading && i < length; ++i) out.push_back(i);
  for (std::int64_t i = w.begin; i < w.end; ++i) out.push_back(s.leading + i);
  for (std::int64_t i = std::max(s.leading, length - s.trailing); i < length; ++i) out.push_back(i);
  return out;
}

WindowedBatch window_batch(const TokenBatch& rows, const LongRowPolicy& policy) {
  WindowedBatch out;
  const auto n = rows.rows.size();
  const auto width = static_cast<std::size_t>(rows.max_length);
  out.offsets.push_back(0);
  std::vector<std::vector<std::int64_t>> positions;
  for (std::size_t b = 0; b < n; ++b) {
    std::int64_t length = 0;
    for (std::size_t t = 0; t < width; ++t) length += rows.attention_mask[b * width + t] != 0;
    out.row_lengths.push_back(length);
    std::vector<RowWindow> windows;
    try {
      windows = row_windows(length, policy);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("row " + std::to_string(rows.rows[b]) + ": " + e.what());
    }
    for (const auto& w : windows) {
      out.windows.push_back(w);
      positions.push_back(window_positions(length, w, policy.specials));
    }
    out.offsets.push_back(static_cast<std::int64_t>(out.windows.size()));
  }
  if (out.windows.size() == n) {
    bool whole = true;
    for (std::size_t b = 0; b < n && whole; ++b) whole = static_cast<std::int64_t>(positions[b].size()) == out.row_lengths[b];
    if (whole) {  // nothing to cut: the batch as read
      out.batch = rows;
      return out;
    }
  }
  std::size_t longest = 0;
  for (const auto& p : positions) longest = std::max(longest, p.size());
  TokenBatch& batch = out.batch;
  batch.max_length = static_cast<std::int64_t>(longest);
  batch.labels = rows.labels;
  batch.input_ids.assign(positions.size() * longest, policy.pad_id);
  batch.attention_mask.assign(positions.size() * longest, 0);
  for (std::size_t b = 0; b < n; ++b)
    for (auto w = out.offsets[b]; w < out.offsets[b + 1]; ++w) {
      const auto& p = positions[static_cast<std::size_t>(w)];
      batch.rows.push_back(rows.rows[b]);
      for (std::size_t t = 0; t < p.size(); ++t) {
        batch.input_ids[static_cast<std::size_t>(w) * longest + t] = rows.input_ids[b * width + static_cast<std::size_t>(p[t])];
        batch.attention_mask[static_cast<std::size_t>(w) * longest + t] = 1;
      }
    }
  return out;
}

}  // namespace lnc::data
