#pragma once
// Thin RAII and attribute helpers over the HDF5 C API, shared by the token store's writer and reader.
#include <hdf5.h>

#include <cstdint>
#include <string>

namespace lnc::data::hdf5 {

struct Handle {  // closes any HDF5 id with the right H5*close
  hid_t id = -1;
  explicit Handle(hid_t i = -1) : id(i) {}
  ~Handle();
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& o) noexcept : id(o.id) { o.id = -1; }
  operator hid_t() const { return id; }
  bool valid() const { return id >= 0; }
};

void silence_errors();  // lnctrain reports HDF5 failures itself, naming the file
void write_string_attribute(hid_t object, const std::string& name, const std::string& value);
void write_int_attribute(hid_t object, const std::string& name, std::int64_t value);
bool has_attribute(hid_t object, const std::string& name);
std::string read_string_attribute(hid_t object, const std::string& name, const std::string& file);
std::int64_t read_int_attribute(hid_t object, const std::string& name, const std::string& file);

}  // namespace lnc::data::hdf5
