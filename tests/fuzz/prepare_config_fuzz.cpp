// Fuzzes the dataset TOML -> typed PrepareConfig path, including the [genome] table
// (config/prepare_config_parser.cpp, config/genome_dataset_config.cpp). Bad input: lnc::InputError.
#include "base/input_error.h"
#include "config/prepare_config.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lnc::fuzz::write_input(data, size, "dataset.toml");
  try {
    lnc::config::PrepareConfig config = lnc::config::load_prepare_config(path);
    (void)config;
  } catch (const lnc::InputError&) {
  }
  return 0;
}
