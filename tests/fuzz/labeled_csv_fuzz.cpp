// Fuzzes the GUE CSV reader (data/sequences/labeled_csv.cpp). Bad input: lnc::InputError.
#include "base/input_error.h"
#include "data/sequences/labeled_csv.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lnc::fuzz::write_input(data, size, "input.csv");
  try {
    lnc::data::LabeledSequences rows = lnc::data::read_labeled_csv(path);
    (void)rows;
  } catch (const lnc::InputError&) {
  }
  return 0;
}
