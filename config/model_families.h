#pragma once
// The model-family registry: one FamilySpec per family, holding everything lnctrain knows about the family that
// needs no torch. Every per-family decision outside the model's own files reads it: the [model] family choice and
// [recipes.<family>] (config/run_config_parser.cpp, config/family_recipes.cpp), the default [lora] target_modules,
// recognising and writing a Hugging Face config.json (trainer/models/hf_config.cpp), the memory plan's parameter
// formula and linear shapes (launcher/plan/memory_plan.cpp), `lnctrain bench` and the pretrained-model checks
// (trainer/model_builder.cpp).
//
// Adding a family = one FamilySpec plus its model files, exactly:
//   1. the spec: config/families/<name>_family.cpp defines `const FamilySpec& <name>_family()`, declared at the
//      end of this header and listed once in model_families() (config/model_families.cpp);
//   2. the model files: trainer/models/<name>/ holds its SequenceClassifier (HF module names, built from
//      trainer/models/layers.h), and its constructor is one line of the table in trainer/models/model_factory.cpp.
// Nothing else names a family. tests/unit/model_families_test.cpp fails when a registered neural family has no
// constructor (or a constructor no spec), has no test shapes, or its parameter formula or LoRA count disagrees
// with the built model.
// (The two tables are explicit lists, not self-registration: the library is static, and the linker drops object
// files nothing references.)
//
// lr_tfidf, the TF-IDF logistic-regression baseline, is registered too, flagged `baseline`: it is a [model] family
// like the others (choice list, recipes, the store), but has no network, so it has no constructor, no config.json
// and no memory formula (trainer/baseline_run.h trains it). No torch here.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "config/activation_kernels.h"
#include "config/model_config.h"

namespace lnc::config {

class HfConfigReader;  // config/hf_config_reader.h

// A Linear layer of a family as (module-name suffix, in, out): what LoRA can adapt and the memory plan counts.
struct LinearShape {
  std::string name;
  std::int64_t in = 0, out = 0;
};

struct FamilySpec {
  std::string name;     // [model] family and ModelConfig::family
  std::string summary;  // one line for --help and messages
  bool baseline = false;  // no network: none of the neural fields below are set

  // Hugging Face config.json (trainer/models/hf_config.h). A config is this family's when its model_type is
  // hf_model_type (or, without one, an architectures entry starts with hf_architecture_prefix) and, among the
  // families sharing that model_type, hf_claims says so; the one family of a model_type without hf_claims takes
  // the rest. read_hf reads the family's own keys after the shared ones (dimensions, dropouts, labels);
  // write_hf adds them to the shared ones, model_type and architectures ("<prefix>ForSequenceClassification").
  std::string hf_model_type;
  std::string hf_architecture_prefix;
  bool (*hf_claims)(const nlohmann::json& config) = nullptr;
  void (*read_hf)(const HfConfigReader& keys, ModelConfig& c) = nullptr;
  void (*write_hf)(const ModelConfig& c, nlohmann::json& out) = nullptr;

  // Memory plan (launcher/plan/memory_plan.h): parameters of the whole *ForSequenceClassification module; the
  // parameters trained in full under LoRA (the "classifier" module PEFT saves for SEQ_CLS); the Linear layers of
  // one encoder layer and those outside the layers (a pooler) with their module-name suffixes; and the output
  // width of the FFN's first projection (2F where it is gated).
  std::int64_t (*parameter_count)(const ModelConfig& c) = nullptr;
  std::int64_t (*head_parameters)(const ModelConfig& c) = nullptr;
  std::vector<LinearShape> (*layer_linears)(const ModelConfig& c) = nullptr;
  std::vector<LinearShape> (*other_linears)(const ModelConfig& c) = nullptr;
  std::int64_t (*ffn_in_width)(const ModelConfig& c) = nullptr;
  // Bytes autograd keeps for backward in one encoder layer for one sample (config/activation_kernels.h states
  // the kernels' rules; each family's file lists its layer's tensors). LoRA adapters are counted by the plan.
  std::int64_t (*layer_activation_bytes)(const ModelConfig& c, const ActivationKernels& k) = nullptr;

  // The built-in training recipe: a TOML table body (sections optimizer, lr_scheduler, training, ...) applied
  // below a grid's own keys and its [recipes.<family>] (config/family_recipes.h).
  std::string recipe_toml;

  // [lora] target_modules when a grid does not give them: the family's attention and FFN projections (and its
  // pooler's dense) as PEFT names them.
  std::vector<std::string> lora_target_modules;

  // Padding quirks. drops_padding: the model can compute a padded batch without its padding
  // (SequenceClassifier::set_padding_path; `lnctrain bench --padding-path`). pad_token_id_is_tokens_pad: a
  // pretrained config.json's pad_token_id must equal the token file's pad id (DNABERT-2 configures 0 and pads
  // with 3, so it is not checked there).
  bool drops_padding = false;
  bool pad_token_id_is_tokens_pad = true;

  // The most tokens one row may have, special tokens included (the model's context): what [data]
  // long_sequences truncates or chunks to, and what the submission check compares the token file's longest row
  // with (launcher/preflight/context_fit.h). `c` has pad_token_id set (ESM's positions start after it).
  std::int64_t (*context_tokens)(const ModelConfig& c) = nullptr;
};

// Every family, in the order choice lists and messages name them.
const std::vector<const FamilySpec*>& model_families();
const FamilySpec* find_family(const std::string& name);  // nullptr when unknown
const FamilySpec& family_spec(const std::string& name);  // std::invalid_argument naming the families when unknown
bool is_baseline_family(const std::string& name);        // false for unknown names
std::vector<std::string> family_names(bool neural_only = false);
std::string family_name_list(bool neural_only = false);  // "a, b, c" for messages

// The specs (config/families/).
const FamilySpec& bert_family();
const FamilySpec& dnabert2_family();
const FamilySpec& esm_family();
const FamilySpec& lr_tfidf_family();

}  // namespace lnc::config
