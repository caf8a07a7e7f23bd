// Fuzzes lnctrain's own unpickler of pytorch_model.bin (trainer/checkpoint/pickle_reader.cpp via
// state_dict_pickle.cpp: a zip's data.pkl) and the legacy torch.save layout around it (torch_save_legacy.cpp):
// torch-free and instrumented, so libFuzzer's coverage guides it (the zip reader and tensor making are
// pytorch_bin_fuzz). Bad input: lnc::InputError. What is accepted must describe tensors inside their storages,
// and a legacy file's storages must lie inside the data.
#include <cstdint>
#include <cstdlib>

#include "base/input_error.h"
#include "trainer/checkpoint/state_dict_pickle.h"
#include "trainer/checkpoint/torch_save_legacy.h"

namespace {

void check_inside_storage(const lnc::trainer::PickledTensor& t) {
  std::int64_t last = t.offset;
  for (std::size_t d = 0; d < t.sizes.size(); ++d) {
    if (t.sizes[d] == 0) return;
    last += (t.sizes[d] - 1) * t.strides[d];
  }
  if (last >= t.storage.numel) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const auto* data = reinterpret_cast<const char*>(bytes);
  try {
    for (const auto& t : lnc::trainer::read_state_dict_pickle(data, size, "data.pkl")) check_inside_storage(t);
  } catch (const lnc::InputError&) {
  }
  try {
    const auto legacy = lnc::trainer::read_legacy_torch_save(data, size, "pytorch_model.bin");
    for (const auto& t : legacy.tensors) {
      check_inside_storage(t);
      const auto end = legacy.storage_offsets.at(t.storage.key) +
                       static_cast<std::size_t>(t.storage.numel) *
                           static_cast<std::size_t>(lnc::trainer::storage_element_size(t.storage.type));
      if (end > size) std::abort();
    }
  } catch (const lnc::InputError&) {
  }
  return 0;
}
