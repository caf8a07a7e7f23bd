#pragma once
// Builds the classifier a run config asks for: a family at the configured size from random initialisation,
// with the vocabulary of the run's token file.
#include <memory>

#include "config/run_config.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

std::shared_ptr<SequenceClassifier> build_classifier(const config::ModelSection& model, int vocab_size, int pad_id,
                                                     int num_labels);

}  // namespace lnc::trainer
