#include "trainer/models/model_factory.h"

#include <stdexcept>

#include "trainer/models/bert/bert_model.h"
#include "trainer/models/dnabert2/dnabert2_model.h"
#include "trainer/models/esm/esm_model.h"

namespace lnc::trainer {

std::shared_ptr<SequenceClassifier> create_model(const ModelConfig& config) {
  if (config.family == "bert") return std::make_shared<BertForSequenceClassification>(config);
  if (config.family == "dnabert2") return std::make_shared<Dnabert2ForSequenceClassification>(config);
  if (config.family == "esm") return std::make_shared<EsmForSequenceClassification>(config);
  throw std::invalid_argument("unknown model family '" + config.family + "' (bert, dnabert2, esm)");
}

}  // namespace lnc::trainer
