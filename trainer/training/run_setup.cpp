#include "trainer/training/run_setup.h"

#include <algorithm>

#include "base/input_error.h"
#include "data/random/deterministic_rng.h"
#include "data/token_store/token_store.h"
#include "trainer/lora/apply_lora.h"
#include "trainer/model_builder.h"

namespace lnc::trainer {

int check_token_file(const config::RunConfig& config, const data::TokenStoreReader& reader) {
  for (const char* split : {"train", "dev", "test"})
    if (!reader.has_split(split)) throw InputError(config.data.tokens, 0, split, "token file lacks this split");
  if (reader.info().tokenizer != config.data.tokenizer || reader.info().k != config.data.k)
    throw InputError(config.source_file, 0, "data.tokens",
                     "token file " + config.data.tokens + " was made with tokenizer " + reader.info().tokenizer +
                         " k=" + std::to_string(reader.info().k) + ", the config says " + config.data.tokenizer +
                         " k=" + std::to_string(config.data.k));
  auto train_labels = reader.labels("train");
  const int num_labels = 1 + *std::max_element(train_labels.begin(), train_labels.end());
  if (num_labels < 2) throw InputError(config.data.tokens, 0, "train/labels", "the train split has a single class");
  return num_labels;
}

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
