#include "trainer/checkpoint/pytorch_bin.h"

#include <caffe2/serialize/inline_container.h>
#include <caffe2/serialize/read_adapter_interface.h>
#include <torch/csrc/jit/serialization/import_read.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "data/io/atomic_file.h"
#include "data/io/input_error.h"
#include "trainer/checkpoint/state_dict_pickle.h"

namespace lnc::trainer {

std::string pytorch_bin_conversion_command(const std::string& path) {
  const auto out = (std::filesystem::path(path).parent_path() / "model.safetensors").string();
  // clone(): tied weights share storage, which safetensors refuses.
  return "python3 -c \"import torch; from safetensors.torch import save_file; sd = torch.load('" + path +
         "', map_location='cpu', weights_only=True); save_file({k: v.clone().contiguous() for k, v in sd.items()}, '" +
         out + "', metadata={'format': 'pt'})\"";
}

namespace {

// The file's bytes for LibTorch's zip reader, clamping every read to the bytes there are. Why not
// torch::pickle_load(std::vector<char>): its VectorReader copies whatever range miniz asks for, and a corrupt
// central directory makes miniz ask past the end (heap overflow found by tests/fuzz/pytorch_bin_fuzz on
// LibTorch 2.11; tests/fuzz/README.md). A short read makes miniz refuse the archive instead.
class BoundedBytesReader final : public caffe2::serialize::ReadAdapterInterface {
 public:
  explicit BoundedBytesReader(std::string bytes) : bytes_(std::move(bytes)) {}
  size_t size() const override { return bytes_.size(); }
  size_t read(uint64_t pos, void* buf, size_t n, const char* /*what*/) const override {
    if (pos >= bytes_.size()) return 0;
    n = std::min<size_t>(n, bytes_.size() - static_cast<size_t>(pos));
    std::memcpy(buf, bytes_.data() + pos, n);
    return n;
  }

 private:
  std::string bytes_;
};

}  // namespace

std::map<std::string, torch::Tensor> load_pytorch_bin(const std::string& path) {
  auto bytes = std::make_shared<BoundedBytesReader>(read_file(path));
  torch::IValue value;
  try {
    // What torch::pickle_load does (torch.save's zip: the pickle in "data.pkl", tensors in "data/"), on a
    // bounded reader. LibTorch's unpickler resolves only the globals a tensor pickle uses (no Python code runs);
    // the checks below then accept a name -> tensor dict and nothing else.
    caffe2::serialize::PyTorchStreamReader reader(bytes);
    // torch.save stores records uncompressed: one claiming more bytes than the file would only make LibTorch
    // allocate that much before failing.
    for (const auto& name : reader.getAllRecords())
      if (reader.getRecordSize(name) > bytes->size())
        throw InputError(path, 0, name, "zip record claims " + std::to_string(reader.getRecordSize(name)) +
                                            " bytes, more than the file holds");
    auto [pickle, pickle_size] = reader.getRecord("data.pkl");
    check_state_dict_pickle(static_cast<const char*>(pickle.get()), pickle_size, path);
    value = torch::jit::readArchiveAndTensors("data", "", "", std::nullopt, std::nullopt, std::nullopt, reader);
  } catch (const InputError&) {
    throw;
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
