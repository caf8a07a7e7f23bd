#include "trainer/checkpoint/safetensors_torch.h"

#include <ATen/ATen.h>

#include <cstring>
#include <stdexcept>

namespace lnc::trainer {

torch::ScalarType to_scalar_type(DType dtype) {
  switch (dtype) {
    case DType::F64: return torch::kFloat64;
    case DType::F32: return torch::kFloat32;
    case DType::F16: return torch::kFloat16;
    case DType::BF16: return torch::kBFloat16;
    case DType::I64: return torch::kInt64;
    case DType::I32: return torch::kInt32;
    case DType::I16: return torch::kInt16;
    case DType::I8: return torch::kInt8;
    case DType::U8: return torch::kUInt8;
    case DType::BOOL: return torch::kBool;
  }
  throw std::invalid_argument("unsupported safetensors dtype");
}

DType to_dtype(torch::ScalarType type) {
  switch (type) {
    case torch::kFloat64: return DType::F64;
    case torch::kFloat32: return DType::F32;
    case torch::kFloat16: return DType::F16;
    case torch::kBFloat16: return DType::BF16;
    case torch::kInt64: return DType::I64;
    case torch::kInt32: return DType::I32;
    case torch::kInt16: return DType::I16;
    case torch::kInt8: return DType::I8;
    case torch::kUInt8: return DType::U8;
    case torch::kBool: return DType::BOOL;
    default: throw std::invalid_argument(std::string("no safetensors dtype for ") + c10::toString(type));
  }
}

torch::Tensor to_torch(const TensorBytes& bytes) {
  auto out = at::empty(bytes.shape, at::TensorOptions().dtype(to_scalar_type(bytes.dtype)));
  // The file buffer carries no alignment guarantee for this tensor's offset: copy bytes, never reinterpret.
  if (bytes.nbytes > 0) std::memcpy(out.data_ptr(), bytes.data, bytes.nbytes);
  return out;
}

std::map<std::string, torch::Tensor> load_safetensors(const std::string& path) {
  std::map<std::string, torch::Tensor> out;
  const auto file = SafetensorsFile::read(path);  // must outlive the loop: the views point into its buffer
  for (const auto& t : file.tensors()) out.emplace(t.name, to_torch(t));
  return out;
}

void save_safetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata) {
  std::vector<at::Tensor> keep;  // owns the contiguous CPU copies the views point into
  std::vector<TensorBytes> views;
  keep.reserve(tensors.size());
  for (const auto& [name, tensor] : tensors) {
    keep.push_back(tensor.detach().to(at::kCPU).contiguous());
    const auto& t = keep.back();
    TensorBytes v;
    v.name = name;
    v.dtype = to_dtype(t.scalar_type());
    v.shape.assign(t.sizes().begin(), t.sizes().end());
    v.data = static_cast<const char*>(t.data_ptr());
    v.nbytes = t.nbytes();
    views.push_back(std::move(v));
  }
  write_safetensors(path, std::move(views), metadata);
}

}  // namespace lnc::trainer
