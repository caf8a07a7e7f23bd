#include "trainer/checkpoint/pytorch_bin.h"

#include <caffe2/serialize/inline_container.h>
#include <caffe2/serialize/read_adapter_interface.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <functional>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "trainer/checkpoint/state_dict_pickle.h"
#include "trainer/checkpoint/torch_save_legacy.h"

namespace lnc::trainer {

std::string pytorch_bin_conversion_command(const std::string& path) {
  const auto out = (std::filesystem::path(path).parent_path() / "model.safetensors").string();
  // clone(): tied weights share storage, which safetensors refuses.
  return "python3 -c \"import torch; from safetensors.torch import save_file; sd = torch.load('" + path +
         "', map_location='cpu', weights_only=True); save_file({k: v.clone().contiguous() for k, v in sd.items()}, '" +
         out + "', metadata={'format': 'pt'})\"";
}

namespace {

// The file's bytes for LibTorch's zip reader, clamping every read to the bytes there are. Why not its
// VectorReader: that copies whatever range miniz asks for, and a corrupt central directory makes miniz ask past
// the end (heap overflow found by tests/fuzz/pytorch_bin_fuzz on LibTorch 2.11; tests/fuzz/README.md). A short
// read makes miniz refuse the archive instead.
class BoundedBytesReader final : public caffe2::serialize::ReadAdapterInterface {
 public:
  explicit BoundedBytesReader(const std::string& bytes) : bytes_(bytes) {}
  size_t size() const override { return bytes_.size(); }
  size_t read(uint64_t pos, void* buf, size_t n, const char* /*what*/) const override {
    if (pos >= bytes_.size()) return 0;
    n = std::min<size_t>(n, bytes_.size() - static_cast<size_t>(pos));
    std::memcpy(buf, bytes_.data() + pos, n);
    return n;
  }

 private:
  const std::string& bytes_;
};

torch::ScalarType scalar_type_of(const PickledStorage& s, const std::string& path) {
  static const std::map<std::string, torch::ScalarType> types = {
      {"DoubleStorage", torch::kDouble}, {"FloatStorage", torch::kFloat},    {"HalfStorage", torch::kHalf},
      {"BFloat16Storage", torch::kBFloat16}, {"LongStorage", torch::kLong}, {"IntStorage", torch::kInt},
      {"ShortStorage", torch::kShort},   {"CharStorage", torch::kChar},      {"ByteStorage", torch::kByte},
      {"BoolStorage", torch::kBool}};
  const auto it = types.find(s.type);
  if (it == types.end()) throw InputError(path, 0, "storage " + s.key, "type torch." + s.type + " is not read");
  return it->second;
}

// Where a storage's bytes are: how many the file holds for it (checked before anything is allocated, so no
// element count in the pickle sizes an allocation the file cannot fill), and a copy of `n` of them to `dest`.
struct StorageSource {
  std::function<std::size_t(const PickledStorage&)> available;
  std::function<void(const PickledStorage&, std::size_t n, void* dest)> copy;
};

// One tensor per storage, its bytes copied out of the file (owned and aligned); each named tensor is a view of
// its storage, as torch.load gives (tied weights stay tied).
std::map<std::string, torch::Tensor> make_tensors(const std::vector<PickledTensor>& tensors,
                                                  const StorageSource& source, const std::string& path) {
  std::map<std::string, torch::Tensor> storages, out;
  for (const auto& t : tensors) {
    auto it = storages.find(t.storage.key);
    if (it == storages.end()) {
      const auto& s = t.storage;
      const auto type = scalar_type_of(s, path);
      // numel <= INT64_MAX / 16 (pickle_reader.cpp): no overflow.
      const auto need = static_cast<std::size_t>(s.numel) * torch::elementSize(type);
      const auto available = source.available(s);
      if (available < need)
        throw InputError(path, 0, "storage " + s.key, "holds " + std::to_string(available) + " bytes, its " +
                                                          std::to_string(s.numel) + " elements need " +
                                                          std::to_string(need));
      auto storage = torch::empty({s.numel}, torch::TensorOptions().dtype(type));
      if (need > 0) source.copy(s, need, storage.data_ptr());
      it = storages.emplace(s.key, storage).first;
    }
    out.emplace(t.name, it->second.as_strided(t.sizes, t.strides, t.offset));
  }
  return out;
}

std::map<std::string, torch::Tensor> load_zip(const std::string& bytes, const std::string& path) {
  try {
    caffe2::serialize::PyTorchStreamReader reader(std::make_shared<BoundedBytesReader>(bytes));
    // torch.save stores records uncompressed: one claiming more bytes than the file would only make LibTorch
    // allocate that much before failing.
    for (const auto& name : reader.getAllRecords())
      if (reader.getRecordSize(name) > bytes.size())
        throw InputError(path, 0, name, "zip record claims " + std::to_string(reader.getRecordSize(name)) +
                                            " bytes, more than the file holds");
    if (reader.hasRecord("byteorder")) {
      auto [order, order_size] = reader.getRecord("byteorder");
      if (std::string(static_cast<const char*>(order.get()), order_size) != "little")
        throw InputError(path, 0, "byteorder", "written on a big-endian machine; not read");
    }
    auto [pickle, pickle_size] = reader.getRecord("data.pkl");
    const auto tensors = read_state_dict_pickle(static_cast<const char*>(pickle.get()), pickle_size, path);
    const auto record = [&](const PickledStorage& s) {
      const std::string name = "data/" + s.key;
      if (!reader.hasRecord(name)) throw InputError(path, 0, "storage " + s.key, "no record " + name + " in the zip");
      return name;
    };
    StorageSource source;
    source.available = [&](const PickledStorage& s) { return reader.getRecordSize(record(s)); };
    source.copy = [&](const PickledStorage& s, std::size_t n, void* dest) {
      auto [data, size] = reader.getRecord(record(s));  // freed after the copy: one storage extra at a time
      std::memcpy(dest, data.get(), std::min(n, size));
    };
    return make_tensors(tensors, source, path);
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {  // LibTorch's zip reader (c10::Error)
    std::string why = e.what();
    throw InputError(path, 0, "", "not a readable torch.save zip (" + why.substr(0, why.find('\n')) + ")");
  }
}

std::map<std::string, torch::Tensor> load_legacy(const std::string& bytes, const std::string& path) {
  const auto legacy = read_legacy_torch_save(bytes.data(), bytes.size(), path);
  StorageSource source;
  source.available = [&](const PickledStorage& s) { return bytes.size() - legacy.storage_offsets.at(s.key); };
  source.copy = [&](const PickledStorage& s, std::size_t n, void* dest) {
    std::memcpy(dest, bytes.data() + legacy.storage_offsets.at(s.key), n);
  };
  return make_tensors(legacy.tensors, source, path);
}

}  // namespace

std::map<std::string, torch::Tensor> load_pytorch_bin(const std::string& path) {
  const std::string bytes = read_file(path);
  try {
    if (is_legacy_torch_save(bytes.data(), bytes.size())) return load_legacy(bytes, path);
    if (bytes.compare(0, 4, "PK\x03\x04", 4) != 0)
      throw InputError(path, 0, "", "neither torch.save's zip format nor its legacy format");
    return load_zip(bytes, path);
  } catch (const InputError& e) {
    // A file torch.load reads but lnctrain does not (a pickled model object, an exotic dtype) converts once.
    throw InputError(std::string(e.what()) + "\nif torch.load reads it, convert it to model.safetensors once with:\n  " +
                     pytorch_bin_conversion_command(path));
  }
}

}  // namespace lnc::trainer
