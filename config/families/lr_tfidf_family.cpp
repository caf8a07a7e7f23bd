// lr_tfidf: the TF-IDF + logistic-regression baseline (trainer/baseline_run.h). A [model] family like the others
// (choice list, [recipes.lr_tfidf], the store's model column) but no network: no constructor, no config.json,
// no memory formula, and no recipe (it has no optimizer or schedule).
#include "config/model_families.h"

namespace lnc::config {

const FamilySpec& lr_tfidf_family() {
  static const FamilySpec spec = [] {
    FamilySpec s;
    s.name = "lr_tfidf";
    s.summary = "TF-IDF over k-mer n-grams + logistic regression (baseline)";
    s.baseline = true;
    return s;
  }();
  return spec;
}

}  // namespace lnc::config
