#include "trainer/training/token_file_check.h"

#include <algorithm>

#include "base/input_error.h"
#include "data/token_store/token_store.h"

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
  if (train_labels.empty()) throw InputError(config.data.tokens, 0, "train/labels", "the train split is empty");
  const int num_labels = 1 + *std::max_element(train_labels.begin(), train_labels.end());
  if (num_labels < 2) throw InputError(config.data.tokens, 0, "train/labels", "the train split has a single class");
  return num_labels;
}

}  // namespace lnc::trainer
