#include "trainer/importance/ism_tokenizer.h"

#include <filesystem>

#include "base/input_error.h"
#include "data/tokenizers/tokenizer_loader.h"

namespace lnc::trainer {

std::unique_ptr<data::Tokenizer> ism_tokenizer(const config::RunConfig& config, const data::TokenStoreInfo& tokens,
                                               const std::string& token_file) {
  const std::string& path = config.evaluation.ism_tokenizer.empty() ? config.model.pretrained
                                                                    : config.evaluation.ism_tokenizer;
  if (path.empty())
    throw InputError("[evaluation]", 0, "ism_tokenizer",
                     "ism needs the run's tokenizer: set evaluation.ism_tokenizer (a k-mer vocab.txt or a model "
                     "directory) or model.pretrained");
  std::unique_ptr<data::Tokenizer> t;
  if (std::filesystem::is_directory(path)) {
    t = data::load_tokenizer(path);
  } else if (tokens.tokenizer == "kmer") {
    t = data::make_kmer_tokenizer(path, tokens.k);
  } else {
    throw InputError(path, 0, "ism_tokenizer",
                     "a " + tokens.tokenizer + " tokenizer is read from a model directory, not a file");
  }
  if (t->kind() != tokens.tokenizer || t->vocab_sha256() != tokens.vocab_sha256)
    throw InputError(path, 0, "ism_tokenizer",
                     "this " + t->kind() + " tokenizer (vocab sha256 " + t->vocab_sha256().substr(0, 12) +
                         ") is not the one of " + token_file + " (" + tokens.tokenizer + ", " +
                         tokens.vocab_sha256.substr(0, 12) + ")");
  return t;
}

}  // namespace lnc::trainer
