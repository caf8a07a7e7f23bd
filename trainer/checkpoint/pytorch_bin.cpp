#include "trainer/checkpoint/pytorch_bin.h"

#include <torch/serialize.h>

#include <filesystem>

#include "data/io/atomic_file.h"
#include "data/io/input_error.h"

namespace lnc::trainer {

std::string pytorch_bin_conversion_command(const std::string& path) {
  const auto out = (std::filesystem::path(path).parent_path() / "model.safetensors").string();
  // clone(): tied weights share storage, which safetensors refuses.
  return "python3 -c \"import torch; from safetensors.torch import save_file; sd = torch.load('" + path +
         "', map_location='cpu', weights_only=True); save_file({k: v.clone().contiguous() for k, v in sd.items()}, '" +
         out + "', metadata={'format': 'pt'})\"";
}

std::map<std::string, torch::Tensor> load_pytorch_bin(const std::string& path) {
  const std::string bytes = read_file(path);
  const std::vector<char> data(bytes.begin(), bytes.end());
  torch::IValue value;
  try {
    value = torch::pickle_load(data);
  } catch (const std::exception& e) {
    std::string why = e.what();
    why = why.substr(0, why.find('\n'));
    throw InputError(path, 0, "", "LibTorch cannot read this pytorch_model.bin (" + why +
                                      "); convert it to model.safetensors once with:\n  " +
                                      pytorch_bin_conversion_command(path));
  }
  if (!value.isGenericDict())
    throw InputError(path, 0, "", "does not hold a state dict (name -> tensor); convert it with:\n  " +
                                      pytorch_bin_conversion_command(path));
  std::map<std::string, torch::Tensor> out;
  for (const auto& entry : value.toGenericDict()) {
    if (!entry.key().isString() || !entry.value().isTensor())
      throw InputError(path, 0, entry.key().isString() ? entry.key().toStringRef() : "",
                       "state dict entry is not a named tensor; convert it with:\n  " +
                           pytorch_bin_conversion_command(path));
    out.emplace(entry.key().toStringRef(), entry.value().toTensor());
  }
  return out;
}

}  // namespace lnc::trainer
