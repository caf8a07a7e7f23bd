#pragma once
// DNABERT (v1) tokenization: every overlapping k-mer (stride 1) looked up in vocab.txt, [CLS] ... [SEP];
// a k-mer missing from the vocabulary (N, lowercase, IUPAC) is [UNK]; a sequence shorter than k gives
// [CLS] [SEP]. This is upstream seq2kmer + DNATokenizer.encode(add_special_tokens=True).
#include "data/tokenizers/tokenizer.h"
#include "data/tokenizers/vocab_file.h"

namespace lnc::data {

class KmerTokenizer : public Tokenizer {
 public:
  KmerTokenizer(VocabFile vocab, int k, std::string vocab_path);
  static std::unique_ptr<KmerTokenizer> from_vocab_file(const std::string& path, int k);

  std::string kind() const override { return "kmer"; }
  Encoding encode(std::string_view sequence) const override;
  std::int32_t pad_id() const override { return pad_; }
  std::int32_t vocab_size() const override { return static_cast<std::int32_t>(vocab_.tokens.size()); }
  int k() const override { return k_; }
  std::string vocab_sha256() const override { return vocab_.sha256; }
  std::string token(std::int32_t id) const override { return vocab_.tokens.at(static_cast<size_t>(id)); }

 private:
  VocabFile vocab_;
  int k_;
  std::int32_t pad_, unk_, cls_, sep_;
};

}  // namespace lnc::data
