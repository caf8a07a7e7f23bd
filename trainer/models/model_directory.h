#pragma once
// Hugging Face model directories in and out.
// Loading: config.json (trainer/models/hf_config) + weights from, in this order of preference,
// model.safetensors, model.safetensors.index.json (sharded), pytorch_model.bin (LibTorch's unpickler; otherwise
// an error that prints the one-line conversion command). Masked-LM checkpoints load into the classifier: their
// encoder names (bert.* / esm.*) match, their LM heads (cls.* / lm_head.*) are reported unexpected, and the
// classification head is left freshly initialised. Encoder weights missing or mis-shaped are refused.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

struct LoadReport {
  std::string source;                     // the weight file(s) read
  int loaded = 0;                         // model tensors copied from the checkpoint
  std::vector<std::string> missing;       // model tensors the checkpoint lacks (head/optional: freshly initialised)
  std::vector<std::string> unexpected;    // checkpoint tensors the model has no place for (ignored)
  std::vector<std::string> ignored;       // known non-persistent buffers (e.g. bert.embeddings.position_ids)
  std::vector<std::string> mismatched;    // "name: checkpoint [..] vs model [..]" (head only: re-initialised)
  std::vector<std::string> renamed;       // "old -> new" (LayerNorm gamma/beta, missing base-model prefix)
  int converted = 0;                      // tensors whose dtype differed from the model's (converted)
  std::string summary() const;            // multi-line, human readable
};

struct LoadOptions {
  std::optional<int> num_labels;  // override config.json's label count (the head is re-initialised if it differs)
};

struct LoadedModel {
  std::shared_ptr<SequenceClassifier> model;
  LoadReport report;
};

// Reads `dir`; prints the report summary to stderr; throws lnc::InputError naming the file and tensor/key.
LoadedModel load_model_directory(const std::string& dir, const LoadOptions& options = {});

// All tensors of the directory's weights (see the preference order above); `source` receives the file(s) read.
std::map<std::string, torch::Tensor> read_checkpoint_tensors(const std::string& dir, std::string& source);

// Copies `tensors` into `model` by HF name (see LoadReport); throws InputError(source, ...) when a tensor outside
// the head and optional prefixes is missing or mis-shaped.
LoadReport load_state_dict(SequenceClassifier& model, std::map<std::string, torch::Tensor> tensors,
                           const std::string& source);

// Every parameter and persistent buffer under its HF state-dict name.
std::vector<std::pair<std::string, torch::Tensor>> state_dict(const SequenceClassifier& model);

// Writes `dir` atomically (a temporary sibling folder renamed into place, replacing an existing `dir`):
// config.json (hf_config_json), model.safetensors (state_dict, float tensors as stored in the model), and copies of
// vocab.txt / tokenizer.json / tokenizer_config.json / special_tokens_map.json found in `tokenizer_files_from_dir`.
void save_model_directory(const SequenceClassifier& model, const std::string& dir,
                          const std::string& tokenizer_files_from_dir = "");

}  // namespace lnc::trainer
