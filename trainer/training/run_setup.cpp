#include "trainer/training/run_setup.h"

#include <algorithm>

#include "base/input_error.h"
#include "data/random/deterministic_rng.h"
#include "data/token_store/token_store.h"
#include "trainer/lora/apply_lora.h"
#include "trainer/model_builder.h"

namespace lnc::trainer {

std::shared_ptr<SequenceClassifier> build_training_model(const config::RunConfig& config,
                                                         const data::TokenStoreReader& reader, int num_labels,
                                                         int rank, const torch::Device& device) {
  const auto seed = static_cast<std::uint64_t>(config.training.seed);
  torch::manual_seed(seed);
  auto model = build_classifier(config.model, reader.info().vocab_size, reader.info().pad_id, num_labels);
  if (config.lora.enabled) apply_lora(*model, config.lora);
  model->set_activation_checkpointing(config.training.activation_checkpointing);
  model->to(device);
  torch::manual_seed(data::DeterministicRng(seed, "dropout/rank-" + std::to_string(rank)).next());
  return model;
}

}  // namespace lnc::trainer
