// Fuzzes the state-dict pickle check (trainer/checkpoint/state_dict_pickle.cpp) that runs before LibTorch's
// unpickler on a pytorch_model.bin's data.pkl: torch-free and instrumented, so libFuzzer's coverage guides it
// (the libtorch side is pytorch_bin_fuzz). Bad input: lnc::InputError.
#include <cstdint>

#include "data/io/input_error.h"
#include "trainer/checkpoint/state_dict_pickle.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    lnc::trainer::check_state_dict_pickle(reinterpret_cast<const char*>(data), size, "data.pkl");
  } catch (const lnc::InputError&) {
  }
  return 0;
}
