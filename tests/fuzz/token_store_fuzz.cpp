// Fuzzes the HDF5 token file reader (data/token_store/token_store_reader.cpp): attribute validation on open,
// then labels, lengths, rows and spans of every split. libhdf5 itself is not instrumented. Bad input: lnc::InputError.
#include <algorithm>

#include "base/input_error.h"
#include "data/token_store/token_store.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lnc::fuzz::write_input(data, size, "tokens.h5");
  try {
    lnc::data::TokenStoreReader reader(path);
    for (const char* split : {"train", "dev", "test"}) {
      if (!reader.has_split(split)) continue;
      const std::int64_t n = reader.num_examples(split);
      (void)reader.labels(split);
      (void)reader.lengths(split);
      std::vector<std::int64_t> rows;
      for (std::int64_t r = 0; r < std::min<std::int64_t>(n, 4); ++r) rows.push_back(r);
      if (n > 0) rows.push_back(n - 1);
      (void)reader.read_rows(split, rows);
      if (reader.has_spans(split)) {
        std::vector<std::int32_t> begin, end;
        reader.read_spans(split, rows, begin, end);
      }
    }
  } catch (const lnc::InputError&) {
  }
  return 0;
}
