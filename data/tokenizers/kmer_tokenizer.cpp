#include "data/tokenizers/kmer_tokenizer.h"

#include "base/input_error.h"

namespace lnc::data {

KmerTokenizer::KmerTokenizer(VocabFile vocab, int k, std::string vocab_path) : vocab_(std::move(vocab)), k_(k) {
  if (k < 1 || k > 8) throw InputError(vocab_path, 0, "k", "k-mer size must be in 1..8, got " + std::to_string(k));
  pad_ = vocab_.id_of("[PAD]", vocab_path);
  unk_ = vocab_.id_of("[UNK]", vocab_path);
  cls_ = vocab_.id_of("[CLS]", vocab_path);
  sep_ = vocab_.id_of("[SEP]", vocab_path);
  // A k-mer vocabulary must hold k-mers of this k: catch "vocab of 6-mers used with k = 3" early.
  bool has_kmer = false;
  for (const auto& t : vocab_.tokens)
    if (t.size() == static_cast<size_t>(k) && t.find_first_not_of("ACGT") == std::string::npos) has_kmer = true;
  if (!has_kmer)
    throw InputError(vocab_path, 0, "k", "vocabulary holds no " + std::to_string(k) + "-mers (wrong k for this vocab?)");
}

std::unique_ptr<KmerTokenizer> KmerTokenizer::from_vocab_file(const std::string& path, int k) {
  return std::make_unique<KmerTokenizer>(VocabFile::load(path), k, path);
}

Encoding KmerTokenizer::encode(std::string_view sequence) const {
  Encoding e;
  e.push(cls_, -1, -1);
  const auto n = static_cast<std::int32_t>(sequence.size());
  std::string kmer;
  for (std::int32_t i = 0; i + k_ <= n; ++i) {
    kmer.assign(sequence.substr(static_cast<size_t>(i), static_cast<size_t>(k_)));
    auto it = vocab_.ids.find(kmer);
    e.push(it == vocab_.ids.end() ? unk_ : it->second, i, i + k_);
  }
  e.push(sep_, -1, -1);
  return e;
}

}  // namespace lnc::data
