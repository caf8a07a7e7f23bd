#pragma once
// DNABERT-2 tokenization: a Hugging Face `tokenizers` tokenizer.json with a BPE model, reproduced as the Rust
// library runs it for `tokenizer(seq)` (add_special_tokens=True):
//   1. added tokens ([UNK] [CLS] ...) written literally in the input are cut out first and keep their ids;
//   2. no normalizer (anything else in the file is rejected);
//   3. pre-tokenizer Whitespace: words are the matches of \w+|[^\w\s]+, whitespace is dropped;
//   4. BPE per word (bpe_word.h: merge_all); a character missing from the vocabulary becomes its own unk token
//      (fuse_unk false; with fuse_unk true consecutive unknowns become one);
//   5. post-processor TemplateProcessing, single-sequence template ([CLS] $A [SEP] for DNABERT-2).
// Unsupported tokenizer.json features (normalizers, other pre-tokenizers, dropout, subword prefixes/suffixes,
// byte fallback, lstrip/rstrip/single_word added tokens) are InputErrors naming the file and key, never ignored.
// Character classes: ASCII exactly as Rust's regex \w and \s; a non-ASCII character counts as a word character
// unless it is Unicode White_Space (its class only moves word boundaries around characters that are [UNK]
// anyway unless the vocabulary holds non-ASCII tokens, which DNABERT-2's does not).
// Base spans are byte offsets into the input (= base positions for DNA).
// Reading tokenizer.json: bpe_tokenizer_json.cpp; encoding: bpe_tokenizer.cpp.
#include <string>
#include <unordered_map>
#include <vector>

#include "data/tokenizers/bpe_merge_table.h"
#include "data/tokenizers/tokenizer.h"

namespace lnc::data {

class BpeTokenizer : public Tokenizer {
 public:
  static std::unique_ptr<BpeTokenizer> from_tokenizer_json(const std::string& path);

  std::string kind() const override { return "bpe"; }
  Encoding encode(std::string_view sequence) const override;
  std::int32_t pad_id() const override { return pad_; }
  std::int32_t vocab_size() const override { return static_cast<std::int32_t>(tokens_.size()); }
  std::string vocab_sha256() const override { return sha256_; }
  std::string token(std::int32_t id) const override;
  std::int32_t id_of(const std::string& token) const;  // -1 when absent
  bool rank_monotone() const { return rank_monotone_; }
  // Tests: the reference queue algorithm (BpeWord::merge_all) even when the faster one applies.
  void use_reference_merge_loop() { rank_monotone_ = false; }

 private:
  struct AddedToken {
    std::string content;
    std::int32_t id;
  };
  struct TemplatePiece {
    bool is_sequence;
    std::vector<std::int32_t> special_ids;  // when !is_sequence
  };

  void encode_model_text(std::string_view text, std::int32_t offset, Encoding& out) const;  // steps 3-4
  void encode_word(std::string_view word, std::int32_t offset, Encoding& out) const;      // step 4

  std::unordered_map<std::string, std::int32_t> vocab_;
  std::vector<std::string> tokens_;  // id -> token ("" for ids no token names)
  std::int32_t ascii_id_[128];       // vocab id of each single ASCII character, -1 if absent
  BpeMergeTable merges_;
  std::vector<std::int32_t> new_id_of_rank_;
  std::vector<std::pair<std::int32_t, std::int32_t>> pair_of_rank_;  // (left, right) of the merge at each rank
  bool rank_monotone_ = false;  // merges may use the faster, equivalent BpeWord::merge_all_by_rank
  std::vector<AddedToken> added_raw_;         // matched on the raw input (normalized: false)
  std::vector<AddedToken> added_normalized_;  // matched afterwards (normalized: true; no normalizer exists)
  std::vector<TemplatePiece> single_template_;
  std::int32_t unk_ = -1;  // -1: unknown characters are dropped (no unk_token), as upstream
  bool fuse_unk_ = false;
  bool ignore_merges_ = false;
  std::int32_t pad_ = -1;
  std::string sha256_;
};

}  // namespace lnc::data
