#pragma once
// One place that maps ModelConfig::family to its classifier class.
#include <memory>

#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

// "bert" -> BertForSequenceClassification, "dnabert2" -> Dnabert2ForSequenceClassification,
// "esm" -> EsmForSequenceClassification; freshly initialised as HF does. Unknown family: std::invalid_argument.
std::shared_ptr<SequenceClassifier> create_model(const ModelConfig& config);

}  // namespace lnc::trainer
