// Fuzzes vocab.txt loading and the two tokenizers built on it: DNABERT k-mer (k = 3..6) and Nucleotide
// Transformer (data/tokenizers/vocab_file.cpp, kmer_tokenizer.cpp, nt_tokenizer.cpp), then encodes a fixed
// sequence with whatever loaded. Bad input: lnc::InputError.
#include "base/input_error.h"
#include "data/tokenizers/kmer_tokenizer.h"
#include "data/tokenizers/nt_tokenizer.h"
#include "data/tokenizers/vocab_file.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lnc::fuzz::write_input(data, size, "vocab.txt");
  const std::string dna = "ACGTNACGTTGCAAGGCTTACGATCGNNACGT";
  try {
    lnc::data::VocabFile vocab = lnc::data::VocabFile::load(path);
    (void)vocab;
  } catch (const lnc::InputError&) {
  }
  try {
    const int k = size ? 3 + data[0] % 4 : 3;
    auto tokenizer = lnc::data::KmerTokenizer::from_vocab_file(path, k);
    (void)tokenizer->encode(dna);
  } catch (const lnc::InputError&) {
  }
  try {
    auto tokenizer = lnc::data::NtTokenizer::from_vocab_file(path);
    (void)tokenizer->encode(dna);
  } catch (const lnc::InputError&) {
  }
  return 0;
}
