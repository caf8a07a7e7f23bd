#pragma once
// Nucleotide Transformer tokenization, as upstream FixedSizeNucleotidesKmersTokenizer (instadeepai/
// nucleotide-transformer, tokenizers.py, k_mers=6, prepend_cls_token=True) tokenizes one sequence:
// split on 'N'; cut each piece into non-overlapping 6-mers from its left; a remainder shorter than 6 becomes
// single-nucleotide tokens; an 'N' token goes between pieces; <cls> first; no <eos>, no padding.
// Ids come from the checkpoint's vocab.txt (one token per line; v1 and v2 models order them differently).
// A token missing from the vocabulary (any character outside A C G T N, e.g. lowercase or IUPAC codes) makes
// upstream raise KeyError; here it is an InputError naming the token and the offending character.
#include "data/tokenizers/tokenizer.h"
#include "data/tokenizers/vocab_file.h"

namespace lnc::data {

class NtTokenizer : public Tokenizer {
 public:
  static constexpr int kKmer = 6;
  NtTokenizer(VocabFile vocab, std::string vocab_path);
  static std::unique_ptr<NtTokenizer> from_vocab_file(const std::string& path);

  std::string kind() const override { return "nt"; }
  Encoding encode(std::string_view sequence) const override;
  std::int32_t pad_id() const override { return pad_; }
  std::int32_t vocab_size() const override { return static_cast<std::int32_t>(vocab_.tokens.size()); }
  int k() const override { return kKmer; }
  std::string vocab_sha256() const override { return vocab_.sha256; }
  std::string token(std::int32_t id) const override { return vocab_.tokens.at(static_cast<size_t>(id)); }

 private:
  std::int32_t lookup(std::string_view token, std::string_view sequence, std::size_t at) const;

  VocabFile vocab_;
  std::string vocab_path_;
  std::int32_t pad_, cls_;
};

}  // namespace lnc::data
