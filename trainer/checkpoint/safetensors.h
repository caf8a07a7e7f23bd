#pragma once
// The safetensors checkpoint format (Hugging Face `model.safetensors`), read and written without torch:
// tensors are raw little-endian bytes plus dtype, shape and name. trainer/checkpoint/safetensors_torch.h
// converts to and from torch::Tensor.
//
// File layout (what write_safetensors writes, and what read_safetensors accepts):
//   bytes [0, 8)       N, unsigned 64-bit little-endian: length of the JSON header
//   bytes [8, 8+N)     UTF-8 JSON object {"<name>": {"dtype": "F32", "shape": [2, 3], "data_offsets": [b, e]}, ...,
//                      "__metadata__": {"format": "pt"}}; the writer pads it with spaces so that 8+N is a
//                      multiple of 8 (aligned data)
//   bytes [8+N, end)   the data buffer: tensor i occupies [8+N+b, 8+N+e), C order, little-endian; the writer
//                      stores tensors in name-sorted order, back to back, so the buffer is exactly covered.
// Reading validates everything against the file: header length vs file size, JSON syntax, entry fields, dtype
// names, offsets inside the buffer and not overlapping, byte count == product(shape) * dtype size.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lnc::trainer {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

std::string dtype_name(DType dtype);  // "F32", ...
std::size_t dtype_size(DType dtype);  // bytes per element
bool parse_dtype(const std::string& name, DType& out);

// One tensor: a view of bytes owned elsewhere (the file buffer when read; the caller's memory when written).
struct TensorBytes {
  std::string name;
  DType dtype = DType::F32;
  std::vector<std::int64_t> shape;
  const char* data = nullptr;
  std::size_t nbytes = 0;
  std::int64_t numel() const;
};

class SafetensorsFile {
 public:
  // Reads and validates `path`; throws lnc::InputError naming the file (and the tensor, where one is at fault).
  static SafetensorsFile read(const std::string& path);
  // Validates bytes already in memory; `path` only names the source in errors.
  static SafetensorsFile parse(std::string bytes, const std::string& path);

  const std::string& path() const { return path_; }
  const std::vector<TensorBytes>& tensors() const { return tensors_; }  // name-sorted
  const TensorBytes* find(const std::string& name) const;              // nullptr when absent
  const std::map<std::string, std::string>& metadata() const { return metadata_; }

 private:
  std::string path_;
  std::shared_ptr<const std::string> buffer_;  // keeps the views in tensors_ valid across copies
  std::vector<TensorBytes> tensors_;
  std::map<std::string, std::string> metadata_;
};

// The whole file as bytes (tensors sorted by name; names must be unique, byte counts must match shapes).
std::string serialize_safetensors(std::vector<TensorBytes> tensors,
                                  const std::map<std::string, std::string>& metadata = {{"format", "pt"}});
// Writes `path` atomically (temporary name, then rename), streaming the tensor bytes.
void write_safetensors(const std::string& path, std::vector<TensorBytes> tensors,
                       const std::map<std::string, std::string>& metadata = {{"format", "pt"}});

// Sharded checkpoints: `model.safetensors.index.json` = {"metadata": {...}, "weight_map": {"<tensor>": "<shard file>"}}.
// Returns tensor name -> shard path (resolved against the index's folder); throws InputError naming the index.
std::map<std::string, std::string> read_safetensors_index(const std::string& index_path);

}  // namespace lnc::trainer
