#include "trainer/checkpoint/state_dict_pickle.h"

#include <map>
#include <set>

#include "base/input_error.h"
#include "trainer/checkpoint/pickle_reader.h"

namespace lnc::trainer {

int storage_element_size(const std::string& type) {
  static const std::map<std::string, int> sizes = {
      {"DoubleStorage", 8}, {"FloatStorage", 4}, {"HalfStorage", 2}, {"BFloat16Storage", 2},
      {"LongStorage", 8},   {"IntStorage", 4},   {"ShortStorage", 2}, {"CharStorage", 1},
      {"ByteStorage", 1},   {"BoolStorage", 1}};
  const auto it = sizes.find(type);
  return it == sizes.end() ? 0 : it->second;
}

std::vector<PickledTensor> state_dict_tensors(const pickle::Value& value, const std::string& file,
                                              const std::string& record) {
  using Kind = pickle::Value::Kind;
  if (value.kind != Kind::Dict) throw InputError(file, 0, record, "does not hold a state dict (name -> tensor)");
  std::vector<PickledTensor> out;
  std::set<std::string> names;
  std::map<std::string, PickledStorage> storages;
  for (const auto& [key, tensor] : value.entries) {
    if (key->kind != Kind::String || tensor->kind != Kind::Tensor)
      throw InputError(file, 0, key->kind == Kind::String ? key->text : record,
                       "state dict entry is not a named tensor");
    if (!names.insert(key->text).second) throw InputError(file, 0, key->text, "appears twice in the state dict");
    // Tied weights share one storage; its type and length must agree wherever it appears.
    const auto& s = tensor->tensor.storage;
    const auto [it, fresh] = storages.emplace(s.key, s);
    if (!fresh && (it->second.type != s.type || it->second.numel != s.numel))
      throw InputError(file, 0, key->text, "storage '" + s.key + "' appears with two different types or lengths");
    out.push_back(tensor->tensor);
    out.back().name = key->text;
  }
  return out;
}

std::vector<PickledTensor> read_state_dict_pickle(const char* data, std::size_t size, const std::string& file) {
  const auto result = pickle::read(data, size, 0, file, "data.pkl", 5);
  return state_dict_tensors(*result.value, file, "data.pkl");
}

}  // namespace lnc::trainer
