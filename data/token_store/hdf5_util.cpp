#include "data/token_store/hdf5_util.h"

#include <vector>

#include "base/input_error.h"

namespace lnc::data::hdf5 {

Handle::~Handle() {
  if (id < 0) return;
  switch (H5Iget_type(id)) {
    case H5I_FILE: H5Fclose(id); break;
    case H5I_GROUP: H5Gclose(id); break;
    case H5I_DATASET: H5Dclose(id); break;
    case H5I_DATASPACE: H5Sclose(id); break;
    case H5I_DATATYPE: H5Tclose(id); break;
    case H5I_ATTR: H5Aclose(id); break;
    case H5I_GENPROP_LST: H5Pclose(id); break;
    default: break;
  }
}

void silence_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

void write_string_attribute(hid_t object, const std::string& name, const std::string& value) {
  Handle type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type, value.empty() ? 1 : value.size());
  H5Tset_strpad(type, H5T_STR_NULLPAD);
  Handle space(H5Screate(H5S_SCALAR));
  Handle attr(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT));
  if (!attr.valid() || H5Awrite(attr, type, value.empty() ? "" : value.data()) < 0)
    throw InputError("cannot write HDF5 attribute " + name);
}

void write_int_attribute(hid_t object, const std::string& name, std::int64_t value) {
  Handle space(H5Screate(H5S_SCALAR));
  Handle attr(H5Acreate2(object, name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT));
  if (!attr.valid() || H5Awrite(attr, H5T_NATIVE_INT64, &value) < 0)
    throw InputError("cannot write HDF5 attribute " + name);
}

bool has_attribute(hid_t object, const std::string& name) { return H5Aexists(object, name.c_str()) > 0; }

namespace {
// H5Aread writes every element of the attribute: one with more than one (a corrupt or foreign file) would overrun
// the single value read here, inside uninstrumented libhdf5 (found by fuzzing as leaked strings).
void require_single_value(hid_t attr, const std::string& name, const std::string& file) {
  Handle space(H5Aget_space(attr));
  if (!space.valid() || H5Sget_simple_extent_npoints(space) != 1)
    throw InputError(file, 0, name, "HDF5 attribute must hold exactly one value");
}
}  // namespace

std::string read_string_attribute(hid_t object, const std::string& name, const std::string& file) {
  if (!has_attribute(object, name)) throw InputError(file, 0, name, "HDF5 attribute missing");
  Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT));
  Handle type(H5Aget_type(attr));
  if (H5Tget_class(type) != H5T_STRING) throw InputError(file, 0, name, "HDF5 attribute is not a string");
  require_single_value(attr, name, file);
  if (H5Tis_variable_str(type) > 0) {
    char* value = nullptr;
    Handle mem(H5Tcopy(H5T_C_S1));
    H5Tset_size(mem, H5T_VARIABLE);
    if (H5Aread(attr, mem, &value) < 0) throw InputError(file, 0, name, "cannot read HDF5 attribute");
    std::string out = value ? value : "";
    H5free_memory(value);
    return out;
  }
  size_t size = H5Tget_size(type);
  std::vector<char> buf(size + 1, '\0');
  if (H5Aread(attr, type, buf.data()) < 0) throw InputError(file, 0, name, "cannot read HDF5 attribute");
  return std::string(buf.data());
}

std::int64_t read_int_attribute(hid_t object, const std::string& name, const std::string& file) {
  if (!has_attribute(object, name)) throw InputError(file, 0, name, "HDF5 attribute missing");
  Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT));
  Handle type(H5Aget_type(attr));
  if (H5Tget_class(type) != H5T_INTEGER) throw InputError(file, 0, name, "HDF5 attribute is not an integer");
  require_single_value(attr, name, file);
  std::int64_t value = 0;
  if (H5Aread(attr, H5T_NATIVE_INT64, &value) < 0) throw InputError(file, 0, name, "cannot read HDF5 attribute");
  return value;
}

}  // namespace lnc::data::hdf5
