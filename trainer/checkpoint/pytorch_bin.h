#pragma once
// pytorch_model.bin (torch.save of a state dict), in torch.save's zip format (torch >= 1.6) and its legacy format
// (older files, e.g. DNABERT's), read by lnctrain's own restricted unpickler (state_dict_pickle.h): a dict or
// OrderedDict of named tensors and nothing else. Anything else is refused with a one-line Python command that
// converts the file to model.safetensors.
#include <torch/types.h>

#include <map>
#include <string>

namespace lnc::trainer {

std::map<std::string, torch::Tensor> load_pytorch_bin(const std::string& path);

// The conversion command printed in the error, for a file `path` (written beside it as model.safetensors).
std::string pytorch_bin_conversion_command(const std::string& path);

}  // namespace lnc::trainer
