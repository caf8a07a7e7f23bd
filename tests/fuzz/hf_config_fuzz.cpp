// Fuzzes a model directory's config.json -> ModelConfig (trainer/models/hf_config.cpp). Bad input: lnc::InputError.
#include "base/input_error.h"
#include "tests/fuzz/fuzz_input_file.h"
#include "trainer/models/hf_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lnc::fuzz::write_input(data, size, "config.json");
  try {
    auto config = lnc::trainer::read_hf_config(path);
    (void)config;
  } catch (const lnc::InputError&) {
  }
  return 0;
}
