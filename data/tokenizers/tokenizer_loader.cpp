#include "data/tokenizers/tokenizer_loader.h"

#include <filesystem>
#include <set>

#include "base/input_error.h"
#include "data/tokenizers/bpe_tokenizer.h"
#include "data/tokenizers/kmer_tokenizer.h"
#include "data/tokenizers/nt_tokenizer.h"

namespace lnc::data {

namespace {

bool is_bert_special(const std::string& t) { return t.size() >= 2 && t.front() == '[' && t.back() == ']'; }

// DNABERT vocab.txt: five [..] specials and the 4^k k-mers; every non-special token must have the same length.
int infer_k(const VocabFile& vocab, const std::string& path) {
  int k = 0;
  for (std::size_t i = 0; i < vocab.tokens.size(); ++i) {
    const auto& t = vocab.tokens[i];
    if (is_bert_special(t)) continue;
    const int len = static_cast<int>(t.size());
    if (k == 0) k = len;
    if (len != k)
      throw InputError(path, static_cast<long>(i) + 1, "",
                       "DNABERT k-mer vocabulary mixes token lengths: '" + t + "' is not a " + std::to_string(k) +
                           "-mer like the tokens before it");
  }
  if (k == 0) throw InputError(path, 0, "", "DNABERT vocabulary holds no k-mers");
  return k;
}

}  // namespace

std::unique_ptr<Tokenizer> make_kmer_tokenizer(const std::string& vocab_path, int k) {
  return KmerTokenizer::from_vocab_file(vocab_path, k);
}

std::unique_ptr<Tokenizer> load_tokenizer(const std::string& model_dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(model_dir))
    throw InputError(model_dir, 0, "", "model directory does not exist (expected tokenizer.json or vocab.txt in it)");
  const std::string json_path = (fs::path(model_dir) / "tokenizer.json").string();
  if (fs::is_regular_file(json_path)) return BpeTokenizer::from_tokenizer_json(json_path);

  const std::string vocab_path = (fs::path(model_dir) / "vocab.txt").string();
  if (!fs::is_regular_file(vocab_path))
    throw InputError(model_dir, 0, "", "holds neither tokenizer.json (DNABERT-2) nor vocab.txt (DNABERT, Nucleotide Transformer)");
  VocabFile vocab = VocabFile::load(vocab_path);
  const bool bert = vocab.ids.count("[CLS]") && vocab.ids.count("[SEP]");
  const bool nt = vocab.ids.count("<cls>") > 0;
  if (bert && !nt) {
    const int k = infer_k(vocab, vocab_path);
    return std::make_unique<KmerTokenizer>(std::move(vocab), k, vocab_path);
  }
  if (nt && !bert) return std::make_unique<NtTokenizer>(std::move(vocab), vocab_path);
  throw InputError(vocab_path, 0, "",
                   "not a DNABERT k-mer vocabulary ([CLS]/[SEP] and k-mers) nor a Nucleotide Transformer one "
                   "(<cls> and 6-mers)");
}

}  // namespace lnc::data
