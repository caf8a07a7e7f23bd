#include "config/family_recipes.h"

#include "base/input_error.h"
#include "config/model_families.h"
#include "config/toml_include.h"
#include "config/toml_reader.h"

namespace lnc::config {
namespace {

void leaves(const toml::table& t, const std::string& prefix, std::vector<std::pair<std::string, const toml::node*>>& out) {
  for (const auto& [k, v] : t) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = v.as_table()) leaves(*sub, key, out);
    else out.emplace_back(key, &v);
  }
}

}  // namespace

FamilyRecipes::FamilyRecipes(const toml::table& grid_recipes, const std::string& file) {
  for (const auto* spec : model_families())
    recipes_[spec->name] = parse_toml_string(spec->recipe_toml, "built-in recipe of " + spec->name);
  for (const auto& [family, recipe] : grid_recipes) {
    const std::string name(family.str());
    const long line = static_cast<long>(recipe.source().begin.line);
    if (!recipes_.count(name)) throw InputError(file, line, "recipes." + name, "unknown model family (" + family_name_list() + ")");
    const toml::table* table = recipe.as_table();
    if (!table) throw InputError(file, line, "recipes." + name, "expected a table, got " + toml_type_name(recipe));
    std::vector<std::pair<std::string, const toml::node*>> keys;
    leaves(*table, "", keys);
    for (const auto& [k, node] : keys) lines_[name][k] = static_cast<long>(node->source().begin.line);
    toml::table copy = *table;
    merge_toml(recipes_[name], std::move(copy));
  }
}

std::vector<std::pair<std::string, long>> FamilyRecipes::apply(const std::string& family, toml::table& point) const {
  std::vector<std::pair<std::string, long>> inserted;
  auto it = recipes_.find(family);
  if (it == recipes_.end()) return inserted;
  std::vector<std::pair<std::string, const toml::node*>> keys;
  leaves(it->second, "", keys);
  for (const auto& [dotted, node] : keys) {
    toml::table* t = &point;
    size_t start = 0;
    bool blocked = false;
    for (size_t dot = dotted.find('.'); dot != std::string::npos; dot = dotted.find('.', start)) {
      const std::string part = dotted.substr(start, dot - start);
      if (!t->contains(part)) t->insert(part, toml::table{});
      t = (*t)[part].as_table();
      if (!t) {
        blocked = true;  // the point has a non-table there: the strict reader reports it
        break;
      }
      start = dot + 1;
    }
    if (blocked) continue;
    const std::string leaf = dotted.substr(start);
    if (t->contains(leaf)) continue;
    t->insert(leaf, *node);
    long line = 0;
    auto fl = lines_.find(family);
    if (fl != lines_.end()) {
      auto kl = fl->second.find(dotted);
      if (kl != fl->second.end()) line = kl->second;
    }
    inserted.emplace_back(dotted, line);
  }
  return inserted;
}

void erase_dotted(toml::table& root, const std::string& dotted) {
  const size_t dot = dotted.find('.');
  if (dot == std::string::npos) {
    root.erase(dotted);
    return;
  }
  const std::string head = dotted.substr(0, dot);
  if (auto* sub = root.get_as<toml::table>(head)) {
    erase_dotted(*sub, dotted.substr(dot + 1));
    if (sub->empty() && sub->source().begin.line == 0) root.erase(head);  // only tables apply() created
  }
}

}  // namespace lnc::config
