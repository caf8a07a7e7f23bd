#pragma once
// What a training run trains on and what it trains: the token file, checked against the config, and the
// classifier built for it on the run's device.
#include <torch/torch.h>

#include <memory>

#include "config/run_config.h"
#include "trainer/training/token_file_check.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::data {
class TokenStoreReader;
}

namespace lnc::trainer {

// check_token_file: trainer/training/token_file_check.h (no torch; the pre-flight runs it too).

// The run's classifier on `device`: identical initial weights on every rank (torch seeded with training.seed),
// LoRA applied when enabled (the base frozen: only adapters and head train), activation checkpointing as
// configured. Then the CPU generator is reseeded per rank, so that dropout masks differ between ranks.
std::shared_ptr<SequenceClassifier> build_training_model(const config::RunConfig& config,
                                                         const data::TokenStoreReader& reader, int num_labels,
                                                         int rank, const torch::Device& device);

}  // namespace lnc::trainer
