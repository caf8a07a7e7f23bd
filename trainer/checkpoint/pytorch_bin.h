#pragma once
// pytorch_model.bin (torch.save of a state dict) read through LibTorch's unpickler. LibTorch reads the zip-based
// format (torch >= 1.6 default); older legacy files and pickles of arbitrary Python objects are refused with a
// one-line Python command that converts the file to model.safetensors.
#include <torch/types.h>

#include <map>
#include <string>

namespace lnc::trainer {

std::map<std::string, torch::Tensor> load_pytorch_bin(const std::string& path);

// The conversion command printed in the error, for a file `path` (written beside it as model.safetensors).
std::string pytorch_bin_conversion_command(const std::string& path);

}  // namespace lnc::trainer
