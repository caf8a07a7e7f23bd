// Fuzzes the grid TOML -> typed RunConfig path (config/run_config_parser.cpp, toml_reader.cpp).
// Expected outcome of bad input: lnc::InputError. Anything else (other exception, crash, sanitizer report) is a bug.
#include "base/input_error.h"
#include "config/run_config.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lnc::fuzz::write_input(data, size, "grid.toml");
  try {
    lnc::config::GridConfig grid = lnc::config::load_grid_config(path);
    (void)grid;
  } catch (const lnc::InputError&) {
  }
  return 0;
}
