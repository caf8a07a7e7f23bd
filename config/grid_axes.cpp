#include "config/grid_axes.h"

#include "base/input_error.h"
#include "config/toml_reader.h"

namespace lnc::config {
namespace {

long line_of(const toml::node& n) { return static_cast<long>(n.source().begin.line); }

// Flattens a table into (dotted key, array) pairs in source order.
void flatten(const toml::table& table, const std::string& prefix, const std::string& where, const std::string& file,
             GridAxis& into, std::vector<GridAxis>* separate) {
  for (const auto& [k, v] : table) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = v.as_table()) {
      flatten(*sub, key, where, file, into, separate);
    } else if (const auto* arr = v.as_array()) {
      if (arr->empty()) throw InputError(file, line_of(v), where + key, "axis has no values");
      if (separate) {
        separate->push_back(GridAxis{{key}, {arr}, {line_of(v)}});
      } else {
        into.keys.push_back(key);
        into.values.push_back(arr);
        into.lines.push_back(line_of(v));
      }
    } else {
      throw InputError(file, line_of(v), where + key, "grid axes must be arrays of values, got " + toml_type_name(v));
    }
  }
}

}  // namespace

std::vector<GridAxis> collect_grid_axes(const toml::table& grid, const std::string& file) {
  std::vector<GridAxis> axes;
  const toml::array* zips = nullptr;
  for (const auto& [k, v] : grid) {
    if (k.str() == "zip") {
      zips = v.as_array();
      if (!zips || !zips->is_array_of_tables())
        throw InputError(file, line_of(v), "grid.zip", "expected [[grid.zip]] tables of equal-length arrays");
      continue;
    }
    GridAxis unused;
    if (const auto* sub = v.as_table()) {
      flatten(*sub, std::string(k.str()), "grid.", file, unused, &axes);
    } else if (const auto* arr = v.as_array()) {
      if (arr->empty()) throw InputError(file, line_of(v), "grid." + std::string(k.str()), "axis has no values");
      axes.push_back(GridAxis{{std::string(k.str())}, {arr}, {line_of(v)}});
    } else {
      throw InputError(file, line_of(v), "grid." + std::string(k.str()),
                       "grid axes must be arrays of values, got " + toml_type_name(v));
    }
  }
  if (zips) {
    for (const auto& entry : *zips) {
      GridAxis zipped;
      zipped.zipped = true;
      flatten(*entry.as_table(), "", "grid.zip.", file, zipped, nullptr);
      if (zipped.keys.empty()) throw InputError(file, line_of(entry), "grid.zip", "a [[grid.zip]] entry has no arrays");
      for (size_t i = 1; i < zipped.keys.size(); ++i)
        if (zipped.values[i]->size() != zipped.size())
          throw InputError(file, zipped.lines[i], "grid.zip." + zipped.keys[i],
                           "zipped arrays must have equal lengths: " + std::to_string(zipped.values[i]->size()) +
                               " values here, " + std::to_string(zipped.size()) + " for '" + zipped.keys[0] + "'");
      axes.push_back(std::move(zipped));
    }
  }
  for (size_t a = 0; a < axes.size(); ++a)
    for (size_t b = 0; b < a; ++b)
      for (const auto& ka : axes[a].keys)
        for (const auto& kb : axes[b].keys)
          if (ka == kb) throw InputError(file, axes[a].lines.front(), "grid." + ka, "this key is varied by two axes");
  return axes;
}

}  // namespace lnc::config
