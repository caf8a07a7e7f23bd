#pragma once
// The run's tokenizer for in-silico mutagenesis, which re-tokenizes every mutant. A token file records its
// tokenizer's kind, k and vocabulary sha256 but not the vocabulary, so the run names where it is:
// [evaluation] ism_tokenizer (a k-mer vocab.txt, or a Hugging Face model directory), else model.pretrained.
// The loaded tokenizer must have the token file's kind and vocab_sha256, so mutants get the ids the model was
// trained on. Throws InputError naming the path or the key otherwise.
#include <memory>

#include "config/run_config.h"
#include "data/token_store/token_store.h"
#include "data/tokenizers/tokenizer.h"

namespace lnc::trainer {

std::unique_ptr<data::Tokenizer> ism_tokenizer(const config::RunConfig& config, const data::TokenStoreInfo& tokens,
                                               const std::string& token_file);

}  // namespace lnc::trainer
