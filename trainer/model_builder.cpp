#include "trainer/model_builder.h"

#include <stdexcept>

#include "base/input_error.h"
#include "config/model_families.h"
#include "trainer/models/model_directory.h"
#include "trainer/models/model_factory.h"

namespace lnc::trainer {

std::shared_ptr<SequenceClassifier> build_classifier(const config::ModelSection& model, int vocab_size, int pad_id,
                                                     int num_labels) {
  if (!model.pretrained.empty()) {
    // The checkpoint's config.json decides the architecture; only the head follows the task's label count.
    LoadOptions options;
    options.num_labels = num_labels;
    auto loaded = load_model_directory(model.pretrained, options);
    const auto& c = loaded.model->config();
    if (c.vocab_size < vocab_size)
      throw InputError(model.pretrained + "/config.json", 0, "vocab_size",
                       std::to_string(c.vocab_size) + " is smaller than the token file's vocabulary of " +
                           std::to_string(vocab_size) + " (tokenized with another model's tokenizer?)");
    if (c.pad_token_id != pad_id && config::family_spec(c.family).pad_token_id_is_tokens_pad)
      throw InputError(model.pretrained + "/config.json", 0, "pad_token_id",
                       std::to_string(c.pad_token_id) + " differs from the token file's pad id " +
                           std::to_string(pad_id));
    return loaded.model;
  }
  ModelConfig c = model.architecture;
  c.vocab_size = vocab_size;
  c.pad_token_id = pad_id;
  c.num_labels = num_labels;
  try {
    return create_model(c);
  } catch (const std::invalid_argument& e) {
    throw InputError("", 0, "model.family", e.what());
  }
}

}  // namespace lnc::trainer
