// Fuzzes GTF reading (data/genome/gtf_annotation.cpp). Bad input: lnc::InputError.
#include "data/genome/gtf_annotation.h"
#include "base/input_error.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lnc::fuzz::write_input(data, size, "annotation.gtf");
  try {
    auto annotation = lnc::data::GtfAnnotation::read(path);
    (void)annotation;
  } catch (const lnc::InputError&) {
  }
  return 0;
}
