// Fuzzes pytorch_model.bin loading (trainer/checkpoint/pytorch_bin.cpp): LibTorch's zip reader
// (caffe2::serialize::PyTorchStreamReader) and unpickler (torch::pickle_load), then lnctrain's check that the
// pickle holds a state dict of named tensors only. This target links libtorch (not instrumented: libFuzzer's
// coverage sees only lnctrain's side, ASan sees libtorch's memcpy/strlen calls and every crash). Bad input:
// lnc::InputError. Anything returned must be name -> defined tensor, and every tensor's bytes are touched so that
// a storage shorter than its shape claims shows up as an ASan report.
// (The pickle check itself is torch-free and also has its own, fully instrumented target: state_dict_pickle_fuzz.)
#include <cstdint>
#include <cstdlib>

#include "base/input_error.h"
#include "tests/fuzz/fuzz_input_file.h"
#include "trainer/checkpoint/pytorch_bin.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lnc::fuzz::write_input(data, size, "pytorch_model.bin");
  try {
    const auto state = lnc::trainer::load_pytorch_bin(path);
    volatile char sink = 0;
    for (const auto& [name, tensor] : state) {
      if (!tensor.defined()) std::abort();  // the loader promised tensors only
      if (tensor.numel() == 0) continue;
      // The first and last byte the tensor's shape and strides reach, read here (instrumented code: libtorch's
      // own kernels are not, so a storage shorter than the shape claims would go unseen there).
      std::int64_t last = tensor.storage_offset();
      for (std::int64_t d = 0; d < tensor.dim(); ++d) last += (tensor.size(d) - 1) * tensor.stride(d);
      const char* base = static_cast<const char*>(tensor.storage().data()) ;
      sink = sink + base[tensor.storage_offset() * static_cast<std::int64_t>(tensor.element_size())] +
             base[(last + 1) * static_cast<std::int64_t>(tensor.element_size()) - 1];
    }
  } catch (const lnc::InputError&) {
  }
  return 0;
}
