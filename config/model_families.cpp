#include "config/model_families.h"

#include <stdexcept>

namespace lnc::config {

const std::vector<const FamilySpec*>& model_families() {
  static const std::vector<const FamilySpec*> all = {&bert_family(), &dnabert2_family(), &esm_family(),
                                                     &lr_tfidf_family()};
  return all;
}

const FamilySpec* find_family(const std::string& name) {
  for (const auto* spec : model_families())
    if (spec->name == name) return spec;
  return nullptr;
}

const FamilySpec& family_spec(const std::string& name) {
  if (const auto* spec = find_family(name)) return *spec;
  throw std::invalid_argument("unknown model family '" + name + "' (" + family_name_list() + ")");
}

bool is_baseline_family(const std::string& name) {
  const auto* spec = find_family(name);
  return spec && spec->baseline;
}

std::vector<std::string> family_names(bool neural_only) {
  std::vector<std::string> names;
  for (const auto* spec : model_families())
    if (!neural_only || !spec->baseline) names.push_back(spec->name);
  return names;
}

std::string family_name_list(bool neural_only) {
  std::string out;
  for (const auto& name : family_names(neural_only)) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace lnc::config
