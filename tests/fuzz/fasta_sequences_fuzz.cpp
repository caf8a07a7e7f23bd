// Fuzzes the FASTA sequence reader used for `tokenize`/prediction input (data/sequences/fasta_sequences.cpp).
// Bad input: lnc::InputError.
#include "base/input_error.h"
#include "data/sequences/fasta_sequences.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lnc::fuzz::write_input(data, size, "input.fa");
  try {
    auto records = lnc::data::read_fasta_sequences(path);
    (void)records;
  } catch (const lnc::InputError&) {
  }
  return 0;
}
