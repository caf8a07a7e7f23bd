#include "trainer/models/model_factory.h"

#include <stdexcept>

#include "config/model_families.h"
#include "trainer/models/bert/bert_model.h"
#include "trainer/models/dnabert2/dnabert2_model.h"
#include "trainer/models/esm/esm_model.h"

namespace lnc::trainer {
namespace {

struct Constructor {
  const config::FamilySpec& spec;
  std::shared_ptr<SequenceClassifier> (*make)(const ModelConfig&);
};

template <typename Model>
std::shared_ptr<SequenceClassifier> make(const ModelConfig& c) {
  return std::make_shared<Model>(c);
}

// One line per neural family; tests/unit/model_families_test.cpp checks it against config::model_families().
const std::vector<Constructor>& constructors() {
  static const std::vector<Constructor> table = {
      {config::bert_family(), make<BertForSequenceClassification>},
      {config::dnabert2_family(), make<Dnabert2ForSequenceClassification>},
      {config::esm_family(), make<EsmForSequenceClassification>},
  };
  return table;
}

}  // namespace

std::shared_ptr<SequenceClassifier> create_model(const ModelConfig& config) {
  for (const auto& c : constructors())
    if (c.spec.name == config.family) return c.make(config);
  std::string names;
  for (const auto& c : constructors()) names += (names.empty() ? "" : ", ") + c.spec.name;
  throw std::invalid_argument("unknown model family '" + config.family + "' (" + names + ")");
}

std::vector<std::string> constructible_families() {
  std::vector<std::string> out;
  for (const auto& c : constructors()) out.push_back(c.spec.name);
  return out;
}

}  // namespace lnc::trainer
