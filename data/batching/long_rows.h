#pragma once
// Rows longer than the model's context ([data] long_sequences, config/run_config.h): which tokens of a token-file
// row reach the model. A row is its leading special tokens, its content (the tokens that cover bases) and its
// trailing special tokens (special_tokens_of: [CLS] ... [SEP] for kmer and bpe, <cls> ... for nt). The model's
// context is the most tokens one forward takes, special tokens included (FamilySpec::context_tokens); a chunk or a
// truncated row holds at most `content()` = context - special tokens of content.
//   error     a row longer than the context is an error naming the row and the key (the default; the submission
//             check refuses such points before anything runs: launcher/preflight/context_fit.h);
//   truncate  one window: "right" keeps the first content() content tokens (Hugging Face's truncation_side
//             "right"), "left" the last ones (those at the TSS: every prepared window ends 50 bp past it);
//   chunk     windows of content() content tokens starting every `stride` tokens (0, s, 2s, ...), the last one
//             holding what is left (it may be shorter; no window lies wholly inside the one before it), every
//             window with the row's special tokens around it. The model pools each window as its family pools a row
//             and the pooled outputs are combined by mean or max (trainer/components/row_forward.h).
// A row within the context is one window, the whole row, in every mode: a grid whose rows fit trains as before.
// No torch here: the same windows serve training, evaluation, importance, predict and tokenize.
#include <cstdint>
#include <string>
#include <vector>

#include "config/model_config.h"
#include "config/run_config.h"
#include "data/token_store/token_store.h"

namespace lnc::data {

struct SpecialTokens {
  std::int64_t leading = 1, trailing = 1;
};
// kmer (DNABERT) and bpe (DNABERT-2's template): [CLS] ... [SEP]; nt: <cls> ... (no end token).
// std::invalid_argument for another kind.
SpecialTokens special_tokens_of(const std::string& tokenizer_kind);

// The default chunk stride for `content` tokens per chunk: content - 64 (64 tokens of overlap, so every token but
// those at the row's ends sees context on both sides in some chunk), or content / 2 when that leaves less than
// half of the chunk new (contexts under 128 tokens, as the tests' tiny models); at least 1.
std::int64_t default_chunk_stride(std::int64_t content);

struct LongRowPolicy {
  std::string mode = "error";   // error | truncate | chunk
  std::string side = "right";   // truncate: right | left
  std::int64_t stride = 0;      // chunk: tokens between chunk starts; 0 = default_chunk_stride(content())
  std::string pooling = "mean";  // chunk: how a row's chunks are combined (mean | max; trainer/components/row_forward.h)
  std::int64_t context = 0;     // tokens per forward, special tokens included
  SpecialTokens specials;
  std::int32_t pad_id = 0;      // fills windowed batches
  std::int64_t max_position_embeddings = 0;  // of the model, for messages
  std::string key = "data.long_sequences";   // the setting messages name (predict/tokenize: --long-sequences)
  std::int64_t content() const { return context - specials.leading - specials.trailing; }
  std::int64_t chunk_stride() const { return stride > 0 ? stride : default_chunk_stride(content()); }
};

// The policy of [data] long_sequences & co. for `model` (FamilySpec::context_tokens of it: its pad_token_id must be
// the one it runs with) on tokens of `tokenizer_kind` padded with `pad_id`.
LongRowPolicy long_row_policy(const config::DataConfig& data, const config::ModelConfig& model,
                              const std::string& tokenizer_kind, std::int32_t pad_id);

// Checks a policy against its model: content() >= 1, and in chunk mode 1 <= stride <= content() (a larger stride
// would skip tokens). Returns the problem naming the key (data.chunk_stride, ...), "" when none.
std::string long_row_policy_problem(const LongRowPolicy& policy);

// Content tokens [begin, end) of a row (0 = the first token after the leading special tokens).
struct RowWindow {
  std::int64_t begin = 0, end = 0;
};

// The windows of a row of `length` tokens (special tokens included). Throws std::invalid_argument in error mode
// when length > context ("a row of N tokens exceeds max_position_embeddings M (a context of C tokens ...); set
// data.long_sequences ...").
std::vector<RowWindow> row_windows(std::int64_t length, const LongRowPolicy& policy);

// The positions in the row (0..length-1) of a window's tokens, in order: leading specials, content, trailing.
std::vector<std::int64_t> window_positions(std::int64_t length, const RowWindow& window, const SpecialTokens& specials);

// A batch of rows as the model sees it: one row per window (batch.rows[i] = the split row window i comes from),
// padded with pad_id to the longest window; labels stay one per source row.
struct WindowedBatch {
  TokenBatch batch;
  std::vector<std::int64_t> offsets;      // windows of source row b: [offsets[b], offsets[b + 1]); size rows + 1
  std::vector<RowWindow> windows;         // one per window
  std::vector<std::int64_t> row_lengths;  // tokens of each source row
  bool one_window_per_row() const { return windows.size() + 1 == offsets.size(); }
};

// `rows` as read from the token file (TokenStoreReader::read_rows). Errors (error mode) name the split row.
WindowedBatch window_batch(const TokenBatch& rows, const LongRowPolicy& policy);

}  // namespace lnc::data
