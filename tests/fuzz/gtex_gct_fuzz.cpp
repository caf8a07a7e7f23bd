// Fuzzes GTEx GCT reading (data/genome/gtex_gct.cpp). Bad input: lnc::InputError.
#include "data/genome/gtex_gct.h"
#include "base/input_error.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lnc::fuzz::write_input(data, size, "expression.gct");
  try {
    auto gct = lnc::data::GtexGct::read(path);
    (void)gct;
  } catch (const lnc::InputError&) {
  }
  return 0;
}
