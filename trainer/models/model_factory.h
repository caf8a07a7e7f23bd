#pragma once
// The torch half of the model-family registry: each neural FamilySpec (config/model_families.h) joined by name to
// the constructor of its classifier (trainer/models/<family>/). Freshly initialised as HF does.
#include <memory>
#include <string>
#include <vector>

#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

// The classifier of config.family; std::invalid_argument naming the families for one without a constructor.
std::shared_ptr<SequenceClassifier> create_model(const ModelConfig& config);

// The families with a constructor, in table order (tests check them against the registry).
std::vector<std::string> constructible_families();

}  // namespace lnc::trainer
