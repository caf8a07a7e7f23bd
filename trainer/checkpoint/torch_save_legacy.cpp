#include "trainer/checkpoint/torch_save_legacy.h"

#include <cstdint>
#include <cstring>

#include "base/input_error.h"
#include "trainer/checkpoint/pickle_reader.h"

namespace lnc::trainer {
namespace {

// PROTO 2, LONG1 of 10 bytes: 0x1950a86a20f9469cfc6c in little-endian two's complement.
constexpr char kMagicPickle[] = "\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19";
constexpr std::size_t kMagicPickleSize = sizeof kMagicPickle - 1;

}  // namespace

bool is_legacy_torch_save(const char* data, std::size_t size) {
  return size >= kMagicPickleSize && std::memcmp(data, kMagicPickle, kMagicPickleSize) == 0;
}

LegacyTorchSave read_legacy_torch_save(const char* data, std::size_t size, const std::string& file) {
  using Kind = pickle::Value::Kind;
  if (!is_legacy_torch_save(data, size))
    throw InputError(file, 0, "magic number", "not a torch.save file (neither a zip nor the legacy format)");
  auto magic = pickle::read(data, size, 0, file, "magic number pickle", 6);
  auto version = pickle::read(data, size, magic.end, file, "protocol version pickle", 6);
  if (version.value->kind != Kind::Int || version.value->integer != 1001)
    throw InputError(file, 0, "protocol version", "not 1001, the legacy format lnctrain reads");
  auto sys_info = pickle::read(data, size, version.end, file, "sys_info pickle", 6);
  if (sys_info.value->kind != Kind::Dict) throw InputError(file, 0, "sys_info", "not a dict");
  for (const auto& [key, value] : sys_info.value->entries)
    if (key->kind == Kind::String && key->text == "little_endian" &&
        (value->kind != Kind::Bool || value->integer != 1))
      throw InputError(file, 0, "sys_info.little_endian", "written on a big-endian machine; not read");
  auto state = pickle::read(data, size, sys_info.end, file, "state dict pickle", 6);
  LegacyTorchSave out;
  out.tensors = state_dict_tensors(*state.value, file, "state dict pickle");
  auto keys = pickle::read(data, size, state.end, file, "storage keys pickle", 6);
  if (keys.value->kind != Kind::List) throw InputError(file, 0, "storage keys", "not a list");

  std::map<std::string, PickledStorage> used;
  for (const auto& t : out.tensors) used.emplace(t.storage.key, t.storage);
  std::size_t pos = keys.end;
  for (const auto& key : keys.value->items) {
    if (key->kind != Kind::String) throw InputError(file, 0, "storage keys", "holds something that is not a string");
    const auto it = used.find(key->text);
    if (it == used.end())
      throw InputError(file, 0, "storage " + key->text, "listed but used by no tensor of the state dict");
    if (out.storage_offsets.count(key->text)) throw InputError(file, 0, "storage " + key->text, "listed twice");
    if (size - pos < 8) throw InputError(file, 0, "storage " + key->text, "the file ends before its length");
    std::int64_t count = 0;
    for (int i = 7; i >= 0; --i) count = static_cast<std::int64_t>((static_cast<std::uint64_t>(count) << 8) |
                                                                   static_cast<unsigned char>(data[pos + i]));
    pos += 8;
    if (count != it->second.numel)
      throw InputError(file, 0, "storage " + key->text, "holds " + std::to_string(count) + " elements, the pickle says " +
                                                            std::to_string(it->second.numel));
    // numel <= INT64_MAX / 16 (pickle_reader), so the byte count cannot overflow.
    const auto bytes = static_cast<std::uint64_t>(count) * static_cast<std::uint64_t>(storage_element_size(it->second.type));
    if (bytes > size - pos) throw InputError(file, 0, "storage " + key->text, "the file ends inside its data");
    out.storage_offsets[key->text] = pos;
    pos += static_cast<std::size_t>(bytes);
  }
  for (const auto& [key, storage] : used)
    if (!out.storage_offsets.count(key)) throw InputError(file, 0, "storage " + key, "used by a tensor but not stored");
  return out;
}

}  // namespace lnc::trainer
