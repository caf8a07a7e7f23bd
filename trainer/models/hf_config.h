#pragma once
// Hugging Face config.json <-> ModelConfig, for every family of the registry (config/model_families.h): the
// family is recognised by model_type / architectures and its FamilySpec's hf_claims (e.g. DNABERT-2's remote-code
// auto_map), the keys every family shares are read here and the family's own ones by its read_hf
// (config/families/). Keys HF would default are defaulted as HF does; the architecture-defining ones are required.
// No torch here.
#include <string>

#include "config/model_config.h"

namespace lnc::trainer {

using config::ModelConfig;

// Throws lnc::InputError naming `path` and the key (missing required key, wrong type, unknown architecture,
// unsupported option such as a non-GELU activation or relative position embeddings).
ModelConfig parse_hf_config(const std::string& json_text, const std::string& path);
ModelConfig read_hf_config(const std::string& path);

// config.json text that transformers loads for the family (dnabert2 and NT v2 through their remote-code auto_map,
// as their hub repos do), and that parse_hf_config reads back to the same ModelConfig.
std::string hf_config_json(const ModelConfig& config);
void write_hf_config(const ModelConfig& config, const std::string& path);  // atomic

}  // namespace lnc::trainer
