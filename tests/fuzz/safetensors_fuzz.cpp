// Fuzzes safetensors reading (trainer/checkpoint/safetensors.cpp: header length, JSON header, dtypes, shapes and
// data offsets against the file size), then touches every tensor's first and last byte so that an offset the
// reader let through shows up as an ASan report. Bad input: lnc::InputError.
#include "base/input_error.h"
#include "tests/fuzz/fuzz_input_file.h"
#include "trainer/checkpoint/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lnc::fuzz::write_input(data, size, "model.safetensors");
  try {
    auto file = lnc::trainer::SafetensorsFile::read(path);
    volatile char sink = 0;
    for (const auto& t : file.tensors()) {
      if (t.nbytes == 0) continue;
      sink = sink + t.data[0] + t.data[t.nbytes - 1];
      (void)t.numel();
    }
  } catch (const lnc::InputError&) {
  }
  return 0;
}
