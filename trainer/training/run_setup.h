#pragma once
// What a training run trains on and what it trains: the token file, checked against the config, and the
// classifier built for it on the run's device.
#include <torch/torch.h>

#include <memory>

#include "config/run_config.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::data {
class TokenStoreReader;
}

namespace lnc::trainer {

// The token file has train, dev and test splits and was made with the config's tokenizer and k; the train split
// has at least two classes. Returns the number of labels (1 + the largest train label). InputError otherwise.
int check_token_file(const config::RunConfig& config, const data::TokenStoreReader& reader);

// The run's classifier on `device`: identical initial weights on every rank (torch seeded with training.seed),
// LoRA applied when enabled (the base frozen: only adapters and head train), activation checkpointing as
// configured. Then the CPU generator is reseeded per rank, so that dropout masks differ between ranks.
std::shared_ptr<SequenceClassifier> build_training_model(const config::RunConfig& config,
                                                         const data::TokenStoreReader& reader, int num_labels,
                                                         int rank, const torch::Device& device);

}  // namespace lnc::trainer
