// Fuzzes opening a results store file (results/store/results_store.cpp): schema version check and the
// readers on whatever opened, read-only so the input is not upgraded. Bad input: lnc::InputError.
#include "base/input_error.h"
#include "results/store/results_store.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lnc::fuzz::write_input(data, size, "results.sqlite");
  try {
    lnc::results::ResultsStore store(path, /*read_only=*/true);
    for (const auto& run : store.runs()) {
      (void)store.metrics(run.id);
      (void)store.importance(run.id, "test");
    }
    (void)store.dataset_stats();
  } catch (const lnc::InputError&) {
  }
  return 0;
}
