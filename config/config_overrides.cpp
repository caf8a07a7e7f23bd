#include "config/config_overrides.h"

#include <cctype>
#include <set>
#include <sstream>

#include "base/input_error.h"
#include "config/family_recipes.h"
#include "config/grid_axes.h"

namespace lnc::config {
namespace {

bool valid_dotted_key(const std::string& key) {
  if (key.empty() || key.front() == '.' || key.back() == '.' || key.find("..") != std::string::npos) return false;
  for (unsigned char c : key)
    if (!std::isalnum(c) && c != '_' && c != '.' && c != '-') return false;
  return true;
}

// Sets `dotted` in `root`, creating the tables on the way; InputError when a part is a value, not a table.
void set_value(toml::table& root, const ConfigOverride& o) {
  toml::table* t = &root;
  std::size_t start = 0;
  for (std::size_t dot = o.key.find('.'); dot != std::string::npos; dot = o.key.find('.', start)) {
    const std::string part = o.key.substr(start, dot - start);
    if (!t->contains(part)) t->insert(part, toml::table{});
    t = (*t)[part].as_table();
    if (!t) throw InputError("--set", 0, o.key, "'" + part + "' is a value in the grid file, not a table");
    start = dot + 1;
  }
  t->insert_or_assign(o.key.substr(start), o.value());
}

bool is_axis_array(const ConfigOverride& o) {
  const toml::array* a = o.value().as_array();
  if (!a) return false;
  if (!is_list_valued_key(o.key)) return true;
  return !a->empty() && a->get(0)->is_array();
}

}  // namespace

bool is_list_valued_key(const std::string& key) {
  static const std::set<std::string> lists{"lora.target_modules", "lora.modules_to_save", "model.c_values",
                                           "evaluation.importance_methods"};
  return lists.count(key) > 0;
}

std::string override_label(const ConfigOverride& o) { return "--set " + o.key + "=" + o.text; }

std::vector<ConfigOverride> parse_overrides(const std::vector<std::string>& arguments) {
  std::vector<ConfigOverride> out;
  for (const std::string& arg : arguments) {
    const std::size_t eq = arg.find('=');
    if (eq == std::string::npos) throw InputError("--set", 0, arg, "expected KEY=VALUE (e.g. --set optimizer.lr=1e-4)");
    ConfigOverride o;
    o.key = arg.substr(0, eq);
    o.text = arg.substr(eq + 1);
    if (!valid_dotted_key(o.key)) throw InputError("--set", 0, o.key, "KEY must be dotted like a grid axis (optimizer.lr)");
    try {
      o.holder = toml::parse("value = " + o.text);
    } catch (const toml::parse_error& e) {
      throw InputError("--set", 0, o.key,
                       "VALUE '" + o.text + "' is not TOML (numbers, true/false, quoted strings, arrays): " +
                           std::string(e.description()));
    }
    if (o.holder.size() != 1 || !o.holder.contains("value"))
      throw InputError("--set", 0, o.key, "VALUE '" + o.text + "' must be one TOML value");
    for (const auto& earlier : out)
      if (earlier.key == o.key) throw InputError("--set", 0, o.key, "given twice");
    out.push_back(std::move(o));
  }
  return out;
}

void apply_overrides(toml::table& root, toml::table& grid_table, const std::vector<ConfigOverride>& overrides,
                     const std::string& file) {
  if (overrides.empty()) return;
  const std::vector<GridAxis> axes = collect_grid_axes(grid_table, file);
  for (const ConfigOverride& o : overrides) {
    for (const GridAxis& axis : axes)
      for (std::size_t k = 0; k < axis.keys.size(); ++k)
        if (axis.zipped && axis.keys[k] == o.key)
          throw InputError("--set", 0, o.key,
                           "varies in a [[grid.zip]] entry of " + file + " (line " + std::to_string(axis.lines[k]) +
                               "); change the zip in the file");
    // The axis, written as "a.b" = [...] or as [grid.a] b = [...], is replaced or dropped.
    grid_table.erase(o.key);
    erase_dotted(grid_table, o.key);
    if (is_axis_array(o)) {
      if (o.value().as_array()->empty()) throw InputError("--set", 0, o.key, "an axis needs at least one value");
      grid_table.insert_or_assign(o.key, o.value());
    } else {
      erase_dotted(root, o.key);
      set_value(root, o);
    }
  }
}

}  // namespace lnc::config
