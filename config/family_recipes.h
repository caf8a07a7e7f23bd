#pragma once
// Per-model-family training recipes: defaults applied to a grid point for the keys it does not set itself.
//
// Precedence, highest first:
//   1. the point's own keys: the grid file (with its includes) and the [grid] axis values of that point;
//   2. the grid file's [recipes.<family>] table (same sections as a point: optimizer, lr_scheduler, training, ...);
//   3. the built-in recipe of the family (below);
//   4. the defaults of config/run_config.h.
// Applied values become part of the point's resolved config, and so of its hash.
//
// Built-in recipes: each family's FamilySpec::recipe_toml (config/families/; the public GUE fine-tuning script):
//   bert (DNABERT v1) and dnabert2: AdamW lr 3e-5, weight decay 0.01, global batch 32, 50 warmup steps, linear decay.
//   esm (Nucleotide Transformer, LoRA in the study): the same with lr 1e-4.
//   lr_tfidf (the TF-IDF logistic-regression baseline): none (it has no optimizer or schedule).
#include <toml++/toml.h>

#include <map>
#include <string>
#include <vector>

namespace lnc::config {

class FamilyRecipes {
 public:
  // `grid_recipes` is the file's [recipes] table (may be empty); unknown family names are errors.
  FamilyRecipes(const toml::table& grid_recipes, const std::string& file);

  // Inserts into `point` every recipe key of `family` the point does not have; returns the dotted keys inserted
  // (so the caller can take them out again) with the line they came from (0 = built-in).
  std::vector<std::pair<std::string, long>> apply(const std::string& family, toml::table& point) const;

 private:
  std::map<std::string, toml::table> recipes_;             // merged: built-in, then the grid's
  std::map<std::string, std::map<std::string, long>> lines_;  // family -> dotted key -> line in the grid file
};

// Removes a dotted key (and tables left empty by it).
void erase_dotted(toml::table& root, const std::string& dotted);

}  // namespace lnc::config
