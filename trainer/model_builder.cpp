#include "trainer/model_builder.h"

#include "data/io/input_error.h"
#include "trainer/models/bert/bert_model.h"

namespace lnc::trainer {

std::shared_ptr<SequenceClassifier> build_classifier(const config::ModelSection& model, int vocab_size, int pad_id,
                                                     int num_labels) {
  ModelConfig c = model.architecture;
  c.vocab_size = vocab_size;
  c.pad_token_id = pad_id;
  c.num_labels = num_labels;
  if (!model.pretrained.empty())
    throw InputError("", 0, "model.pretrained", "loading pretrained directories is not available in this build");
  if (c.family == "bert") return std::make_shared<BertForSequenceClassification>(c);
  throw InputError("", 0, "model.family", "family '" + c.family + "' is not available in this build");
}

}  // namespace lnc::trainer
