// Fuzzes tokenizer.json reading (data/tokenizers/bpe_tokenizer_json.cpp) and, when it loads, encoding a fixed
// sequence with the merges read. Bad input: lnc::InputError.
#include "base/input_error.h"
#include "data/tokenizers/bpe_tokenizer.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lnc::fuzz::write_input(data, size, "tokenizer.json");
  try {
    auto tokenizer = lnc::data::BpeTokenizer::from_tokenizer_json(path);
    (void)tokenizer->encode("ACGTNACGTTGCAAGGCTTACGATCGNNACGTAAAAAAAAAAAACCCCGGGG");
  } catch (const lnc::InputError&) {
  }
  return 0;
}
