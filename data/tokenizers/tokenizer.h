#pragma once
// A DNA tokenizer turns one sequence into token ids exactly as the upstream tokenizer of its model family does,
// bugs and quirks included, so that fine-tuned checkpoints see the ids they were trained on:
//   kmer (DNABERT v1, kmer_tokenizer.h), bpe (DNABERT-2, bpe_tokenizer.h), nt (Nucleotide Transformer, nt_tokenizer.h).
// Rule: NO case folding or cleaning here (a lowercase k-mer is [UNK] for DNABERT, lowercase letters are [UNK]
// for DNABERT-2, and the NT tokenizer rejects them, all as upstream). lnctrain upper-cases sequences where it
// READS input files (data/sequences: FASTA and CSV readers, which also reject anything but A C G T N), so user
// input in lowercase is tokenized as uppercase. See docs/tokenizers.md.
// Each token also records which bases of the input it covers, for attention importance per base.
// encode() is const and thread-safe: one tokenizer may serve many threads (batch_encoder.h).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lnc::data {

struct Encoding {
  std::vector<std::int32_t> ids;
  // Half-open base range [begin, end) of the input covered by each token; -1/-1 for special tokens.
  std::vector<std::int32_t> base_begin;
  std::vector<std::int32_t> base_end;
  void push(std::int32_t id, std::int32_t begin, std::int32_t end) {
    ids.push_back(id);
    base_begin.push_back(begin);
    base_end.push_back(end);
  }
};

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  virtual std::string kind() const = 0;                         // "kmer" | "bpe" | "nt"
  virtual Encoding encode(std::string_view sequence) const = 0;  // with the family's special tokens
  virtual std::int32_t pad_id() const = 0;
  virtual std::int32_t vocab_size() const = 0;
  virtual int k() const { return 0; }                // k of k-mer tokenizers, 0 otherwise
  virtual std::string vocab_sha256() const = 0;      // identity of the vocabulary, recorded in token files
  virtual std::string token(std::int32_t id) const = 0;
};

}  // namespace lnc::data
