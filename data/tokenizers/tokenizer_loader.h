#pragma once
// Picks and loads the tokenizer of a model directory (a Hugging Face checkpoint folder) from what it holds:
//   tokenizer.json                                  -> BpeTokenizer (DNABERT-2)
//   vocab.txt with [CLS]/[SEP] and k-mers of one k  -> KmerTokenizer (DNABERT v1; k inferred from the vocab)
//   vocab.txt with <cls> and 6-mers                 -> NtTokenizer (Nucleotide Transformer v1/v2)
// Anything else is an InputError naming the directory or file.
#include <memory>
#include <string>

#include "data/tokenizers/tokenizer.h"

namespace lnc::data {

std::unique_ptr<Tokenizer> load_tokenizer(const std::string& model_dir);
std::unique_ptr<Tokenizer> make_kmer_tokenizer(const std::string& vocab_path, int k);

}  // namespace lnc::data
