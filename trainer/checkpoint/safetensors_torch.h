#pragma once
// torch::Tensor <-> safetensors bytes (trainer/checkpoint/safetensors.h keeps the format itself torch-free).
#include <torch/types.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "trainer/checkpoint/safetensors.h"

namespace lnc::trainer {

// Supported element types: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL. Throws std::invalid_argument otherwise.
torch::ScalarType to_scalar_type(DType dtype);
DType to_dtype(torch::ScalarType type);

// An owned CPU tensor with the stored dtype and shape (the bytes are copied out of the file buffer).
torch::Tensor to_torch(const TensorBytes& bytes);
std::map<std::string, torch::Tensor> load_safetensors(const std::string& path);

// Writes named tensors (any device, any layout: copied to contiguous CPU first) atomically to `path`.
void save_safetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {{"format", "pt"}});

}  // namespace lnc::trainer
