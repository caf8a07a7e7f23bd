#include "trainer/checkpoint/safetensors.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "base/atomic_file.h"
#include "base/input_error.h"

namespace lnc::trainer {
namespace {

using Json = nlohmann::json;

struct DTypeInfo {
  DType dtype;
  const char* name;
  std::size_t size;
};
constexpr DTypeInfo kDTypes[] = {
    {DType::F64, "F64", 8}, {DType::F32, "F32", 4}, {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2},
    {DType::I64, "I64", 8}, {DType::I32, "I32", 4}, {DType::I16, "I16", 2}, {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},   {DType::BOOL, "BOOL", 1},
};

const DTypeInfo& info(DType dtype) {
  for (const auto& d : kDTypes)
    if (d.dtype == dtype) return d;
  throw std::logic_error("unknown DType");
}

// The format is little-endian on disk; we copy bytes verbatim, so refuse to run on a big-endian host.
bool host_is_little_endian() {
  const std::uint16_t one = 1;
  unsigned char first;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

std::uint64_t read_u64_le(const char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

std::string u64_le(std::uint64_t v) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  return out;
}

// A JSON non-negative integer, or InputError naming the tensor and field.
std::uint64_t get_u64(const Json& value, const std::string& path, const std::string& tensor, const char* field) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0) return value.get<std::uint64_t>();
  throw InputError(path, 0, tensor, std::string(field) + " must hold non-negative integers, got " + value.dump());
}

// Header for `tensors` (already sorted), with offsets assigned back to back; padded so data starts 8-aligned.
// Compact JSON, entries in name order with keys dtype/shape/data_offsets, __metadata__ last: byte-identical to the
// shared fixtures' writer.
std::string build_header(const std::vector<TensorBytes>& tensors, const std::map<std::string, std::string>& metadata) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  std::uint64_t offset = 0;
  for (const auto& t : tensors) {
    nlohmann::ordered_json entry;
    entry["dtype"] = dtype_name(t.dtype);
    entry["shape"] = t.shape;
    entry["data_offsets"] = {offset, offset + t.nbytes};
    header[t.name] = std::move(entry);
    offset += t.nbytes;
  }
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::string text = header.dump();
  text.append((8 - (8 + text.size()) % 8) % 8, ' ');
  return text;
}

void check_for_writing(std::vector<TensorBytes>& tensors) {
  if (!host_is_little_endian()) throw std::runtime_error("safetensors: big-endian hosts are not supported");
  std::sort(tensors.begin(), tensors.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    const auto& t = tensors[i];
    if (t.name.empty() || t.name == "__metadata__")
      throw std::invalid_argument("safetensors: invalid tensor name '" + t.name + "'");
    if (i > 0 && tensors[i - 1].name == t.name)
      throw std::invalid_argument("safetensors: duplicate tensor name '" + t.name + "'");
    if (static_cast<std::uint64_t>(t.numel()) * dtype_size(t.dtype) != t.nbytes)
      throw std::invalid_argument("safetensors: tensor '" + t.name + "' has " + std::to_string(t.nbytes) +
                                  " bytes, its shape and dtype need " +
                                  std::to_string(t.numel() * dtype_size(t.dtype)));
    if (t.nbytes > 0 && t.data == nullptr)
      throw std::invalid_argument("safetensors: tensor '" + t.name + "' has no data");
  }
}

}  // namespace

std::string dtype_name(DType dtype) { return info(dtype).name; }
std::size_t dtype_size(DType dtype) { return info(dtype).size; }

bool parse_dtype(const std::string& name, DType& out) {
  for (const auto& d : kDTypes)
    if (name == d.name) {
      out = d.dtype;
      return true;
    }
  return false;
}

std::int64_t TensorBytes::numel() const {
  std::int64_t n = 1;
  for (auto s : shape) n *= s;
  return n;
}

SafetensorsFile SafetensorsFile::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", std::string("cannot open safetensors file: ") + std::strerror(errno));
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(in.tellg());
  in.seekg(0);
  std::string bytes(size, '\0');
  if (size > 0 && !in.read(bytes.data(), static_cast<std::streamsize>(size)))
    throw InputError(path, 0, "", "read failed");
  return parse(std::move(bytes), path);
}

SafetensorsFile SafetensorsFile::parse(std::string bytes, const std::string& path) {
  if (!host_is_little_endian()) throw std::runtime_error("safetensors: big-endian hosts are not supported");
  SafetensorsFile file;
  file.path_ = path;
  if (bytes.size() < 8)
    throw InputError(path, 0, "", "not a safetensors file: " + std::to_string(bytes.size()) +
                                      " bytes, fewer than the 8-byte header length");
  const std::uint64_t header_len = read_u64_le(bytes.data());
  if (header_len > bytes.size() - 8)
    throw InputError(path, 0, "", "header length " + std::to_string(header_len) + " exceeds the file size " +
                                      std::to_string(bytes.size()) + " (truncated or not a safetensors file)");
  Json header;
  try {
    header = Json::parse(bytes.begin() + 8, bytes.begin() + 8 + static_cast<std::ptrdiff_t>(header_len));
  } catch (const Json::exception& e) {
    throw InputError(path, 0, "", std::string("header is not valid JSON: ") + e.what());
  }
  if (!header.is_object()) throw InputError(path, 0, "", "header must be a JSON object");
  const std::uint64_t data_begin = 8 + header_len;
  const std::uint64_t data_size = bytes.size() - data_begin;

  struct Span {
    std::uint64_t begin, end;
    std::string name;
  };
  std::vector<Span> spans;
  std::vector<std::uint64_t> offsets;
  for (auto it = header.begin(); it != header.end(); ++it) {
    const std::string& name = it.key();
    const Json& entry = it.value();
    if (name == "__metadata__") {
      if (!entry.is_object()) throw InputError(path, 0, name, "must be an object of strings");
      for (auto m = entry.begin(); m != entry.end(); ++m) {
        if (!m.value().is_string()) throw InputError(path, 0, "__metadata__." + m.key(), "must be a string");
        file.metadata_[m.key()] = m.value().get<std::string>();
      }
      continue;
    }
    if (!entry.is_object()) throw InputError(path, 0, name, "tensor entry must be an object");
    for (const char* field : {"dtype", "shape", "data_offsets"})
      if (!entry.contains(field)) throw InputError(path, 0, name, std::string("missing '") + field + "'");
    TensorBytes t;
    t.name = name;
    if (!entry["dtype"].is_string() || !parse_dtype(entry["dtype"].get<std::string>(), t.dtype))
      throw InputError(path, 0, name, "unknown dtype " + entry["dtype"].dump());
    if (!entry["shape"].is_array()) throw InputError(path, 0, name, "shape must be an array");
    std::uint64_t numel = 1;
    for (const auto& dim : entry["shape"]) {
      const auto d = get_u64(dim, path, name, "shape");
      if (d > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
          (d != 0 && numel > std::numeric_limits<std::uint64_t>::max() / d))
        throw InputError(path, 0, name, "shape is too large");
      numel *= d;
      t.shape.push_back(static_cast<std::int64_t>(d));
    }
    const Json& offs = entry["data_offsets"];
    if (!offs.is_array() || offs.size() != 2)
      throw InputError(path, 0, name, "data_offsets must be [begin, end]");
    const auto begin = get_u64(offs[0], path, name, "data_offsets");
    const auto end = get_u64(offs[1], path, name, "data_offsets");
    if (begin > end) throw InputError(path, 0, name, "data_offsets begin > end");
    if (end > data_size)
      throw InputError(path, 0, name, "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                                          ") run past the data buffer of " + std::to_string(data_size) +
                                          " bytes (truncated file?)");
    const std::uint64_t expected = numel * dtype_size(t.dtype);
    if (numel > std::numeric_limits<std::uint64_t>::max() / dtype_size(t.dtype) || expected != end - begin)
      throw InputError(path, 0, name, "holds " + std::to_string(end - begin) + " bytes but dtype " +
                                          dtype_name(t.dtype) + " and shape " + entry["shape"].dump() + " need " +
                                          std::to_string(expected));
    t.nbytes = end - begin;
    spans.push_back({begin, end, name});
    offsets.push_back(data_begin + begin);  // becomes a pointer once the buffer has its final home
    file.tensors_.push_back(std::move(t));
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  for (std::size_t i = 1; i < spans.size(); ++i)
    if (spans[i].begin < spans[i - 1].end)
      throw InputError(path, 0, spans[i].name, "data overlaps tensor '" + spans[i - 1].name + "'");

  auto buffer = std::make_shared<const std::string>(std::move(bytes));
  for (std::size_t i = 0; i < file.tensors_.size(); ++i) file.tensors_[i].data = buffer->data() + offsets[i];
  file.buffer_ = std::move(buffer);
  std::sort(file.tensors_.begin(), file.tensors_.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return file;
}

const TensorBytes* SafetensorsFile::find(const std::string& name) const {
  auto it = std::lower_bound(tensors_.begin(), tensors_.end(), name,
                             [](const TensorBytes& t, const std::string& n) { return t.name < n; });
  return it != tensors_.end() && it->name == name ? &*it : nullptr;
}

std::string serialize_safetensors(std::vector<TensorBytes> tensors, const std::map<std::string, std::string>& metadata) {
  check_for_writing(tensors);
  const std::string header = build_header(tensors, metadata);
  std::string out = u64_le(header.size()) + header;
  for (const auto& t : tensors) out.append(t.data, t.nbytes);
  return out;
}

void write_safetensors(const std::string& path, std::vector<TensorBytes> tensors,
                       const std::map<std::string, std::string>& metadata) {
  check_for_writing(tensors);
  const std::string header = build_header(tensors, metadata);
  AtomicFile file(path);
  {
    std::ofstream out(file.temp_path(), std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path, 0, "", std::string("cannot open for writing: ") + std::strerror(errno));
    out << u64_le(header.size()) << header;
    for (const auto& t : tensors) out.write(t.data, static_cast<std::streamsize>(t.nbytes));
    out.flush();
    if (!out) throw InputError(path, 0, "", std::string("write failed: ") + std::strerror(errno));
  }
  file.commit();
}

std::map<std::string, std::string> read_safetensors_index(const std::string& index_path) {
  Json index;
  try {
    index = Json::parse(read_file(index_path));
  } catch (const Json::exception& e) {
    throw InputError(index_path, 0, "", std::string("not valid JSON: ") + e.what());
  }
  if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
    throw InputError(index_path, 0, "weight_map", "missing or not an object");
  const auto folder = std::filesystem::path(index_path).parent_path();
  std::map<std::string, std::string> out;
  for (auto it = index["weight_map"].begin(); it != index["weight_map"].end(); ++it) {
    if (!it.value().is_string()) throw InputError(index_path, 0, "weight_map." + it.key(), "must be a file name");
    const std::string shard = it.value().get<std::string>();
    // Shards live beside the index; a path that climbs out of the folder is refused.
    if (shard.empty() || shard.find('/') != std::string::npos || shard == "." || shard == "..")
      throw InputError(index_path, 0, "weight_map." + it.key(), "shard must be a file name in the same folder, got '" +
                                                                     shard + "'");
    out[it.key()] = (folder / shard).string();
  }
  return out;
}

}  // namespace lnc::trainer
