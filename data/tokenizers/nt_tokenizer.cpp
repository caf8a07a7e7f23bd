#include "data/tokenizers/nt_tokenizer.h"

#include "base/input_error.h"

namespace lnc::data {

NtTokenizer::NtTokenizer(VocabFile vocab, std::string vocab_path)
    : vocab_(std::move(vocab)), vocab_path_(std::move(vocab_path)) {
  pad_ = vocab_.id_of("<pad>", vocab_path_);
  cls_ = vocab_.id_of("<cls>", vocab_path_);
  // Catch a vocabulary of another tokenizer early: all 4^6 6-mers and the five single nucleotides must be there.
  std::string kmer(kKmer, 'A');
  const char* bases = "ACGT";
  for (int code = 0; code < 1 << (2 * kKmer); ++code) {
    for (int i = 0; i < kKmer; ++i) kmer[static_cast<size_t>(i)] = bases[(code >> (2 * i)) & 3];
    vocab_.id_of(kmer, vocab_path_);
  }
  for (const char* single : {"A", "C", "G", "T", "N"}) vocab_.id_of(single, vocab_path_);
}

std::unique_ptr<NtTokenizer> NtTokenizer::from_vocab_file(const std::string& path) {
  return std::make_unique<NtTokenizer>(VocabFile::load(path), path);
}

std::int32_t NtTokenizer::lookup(std::string_view token, std::string_view sequence, std::size_t at) const {
  thread_local std::string key;
  key.assign(token);
  auto it = vocab_.ids.find(key);
  if (it != vocab_.ids.end()) return it->second;
  std::size_t bad = 0;
  while (bad < token.size() && std::string_view("ACGTN").find(token[bad]) != std::string_view::npos) ++bad;
  const std::size_t pos = at + (bad < token.size() ? bad : 0);
  throw InputError("Nucleotide Transformer tokenizer (" + vocab_path_ + "): token '" + key +
                   "' is not in the vocabulary: character '" + std::string(1, sequence[pos]) + "' at base " +
                   std::to_string(pos + 1) + " of the sequence is not one of A C G T N (upstream raises KeyError)");
}

Encoding NtTokenizer::encode(std::string_view sequence) const {
  Encoding e;
  e.push(cls_, -1, -1);
  std::size_t piece_begin = 0;
  while (true) {
    const std::size_t n_pos = sequence.find('N', piece_begin);
    const std::size_t piece_end = n_pos == std::string_view::npos ? sequence.size() : n_pos;
    std::size_t i = piece_begin;
    for (; i + kKmer <= piece_end; i += kKmer) {
      const auto id = lookup(sequence.substr(i, kKmer), sequence, i);
      e.push(id, static_cast<std::int32_t>(i), static_cast<std::int32_t>(i + kKmer));
    }
    for (; i < piece_end; ++i)
      e.push(lookup(sequence.substr(i, 1), sequence, i), static_cast<std::int32_t>(i), static_cast<std::int32_t>(i + 1));
    if (n_pos == std::string_view::npos) break;
    e.push(lookup("N", sequence, n_pos), static_cast<std::int32_t>(n_pos), static_cast<std::int32_t>(n_pos + 1));
    piece_begin = n_pos + 1;
  }
  return e;
}

}  // namespace lnc::data
