#include "config/toml_include.h"

#include <algorithm>
#include <vector>

#include "base/input_error.h"
#include "config/toml_reader.h"

namespace lnc::config {
namespace {

std::string directory_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

toml::table load(const std::string& path, std::vector<std::string>& chain) {
  toml::table own = parse_toml_file(path);
  toml::table merged;
  if (const toml::node* inc = own.get("include")) {
    const long line = static_cast<long>(inc->source().begin.line);
    const toml::array* list = inc->as_array();
    if (!list) throw InputError(path, line, "include", "expected an array of file names, got " + toml_type_name(*inc));
    for (const auto& item : *list) {
      const auto name = item.value_exact<std::string>();
      if (!name) throw InputError(path, line, "include", "expected file names (strings), found " + toml_type_name(item));
      const std::string target = (!name->empty() && (*name)[0] == '/') ? *name : directory_of(path) + *name;
      if (std::find(chain.begin(), chain.end(), target) != chain.end())
        throw InputError(path, line, "include", "include cycle through " + target);
      chain.push_back(target);
      toml::table sub;
      try {
        sub = load(target, chain);
      } catch (const InputError& e) {
        if (std::string(e.what()).find("cannot open") != std::string::npos)
          throw InputError(path, line, "include", std::string("cannot include: ") + e.what());
        throw;
      }
      chain.pop_back();
      merge_toml(merged, std::move(sub));
    }
    own.erase("include");
  }
  merge_toml(merged, std::move(own));
  return merged;
}

}  // namespace

void merge_toml(toml::table& base, toml::table&& top) {
  for (auto&& [key, value] : top) {
    toml::node* existing = base.get(key.str());
    if (existing && existing->is_table() && value.is_table()) {
      merge_toml(*existing->as_table(), std::move(*value.as_table()));
    } else if (auto* t = value.as_table()) {
      base.insert_or_assign(key, std::move(*t));
    } else if (auto* a = value.as_array()) {
      base.insert_or_assign(key, std::move(*a));
    } else {
      // Scalars: re-insert by visiting the concrete value type (moves keep the source position).
      // (a named copy: clang < 16 cannot capture a structured binding)
      const toml::key& name = key;
      value.visit([&](auto&& v) { base.insert_or_assign(name, std::move(v)); });
    }
  }
}

toml::table load_toml_with_includes(const std::string& path) {
  std::vector<std::string> chain{path};
  return load(path, chain);
}

}  // namespace lnc::config
