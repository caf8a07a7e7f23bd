#pragma once
// The classifier a finished run left (trainer/lora/lora_run_export.h), with the tokenizer it was trained with:
//   <run>/merged/           the merged LoRA export (a plain Hugging Face directory): loaded as it is
//   <run>/adapter/          else, the PEFT adapter, attached to the pretrained base `pretrained` (the run's
//                           model.pretrained; the tokenizer comes from the base)
//   <run> itself            a Hugging Face model directory (config.json), as `lnctrain predict --model` takes
// A run without any of them (a full fine-tune, which exports no weights; a LoRA run on a random base without
// export_merged) is an InputError saying what is missing. Eval mode, float32.
#include <memory>
#include <string>

#include "data/tokenizers/tokenizer.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

struct RunModel {
  std::shared_ptr<SequenceClassifier> model;
  std::unique_ptr<data::Tokenizer> tokenizer;
  std::string source;  // what was loaded, for the log ("<run>/merged", "<run>/adapter on <base>")
};

RunModel load_run_model(const std::string& run_dir, const std::string& pretrained);

}  // namespace lnc::trainer
