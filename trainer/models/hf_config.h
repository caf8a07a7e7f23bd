#pragma once
// Hugging Face config.json <-> ModelConfig, for the three families:
//   bert      model_type "bert", architectures Bert* (transformers' BERT; DNABERT v1)
//   dnabert2  model_type "bert" with DNABERT-2's remote code: an auto_map entry naming bert_layers.*, or an
//             alibi_starting_size key (zhihan1996/DNABERT-2-117M ships both)
//   esm       model_type "esm" (Nucleotide Transformer v1); an "add_bias_fnn" key marks InstaDeep's NT v2 code, whose
//             FFN is always the gated SiLU one (add_bias_fnn false for the released v2 models)
// Keys HF would default are defaulted as HF does; the architecture-defining ones are required. No torch here.
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
