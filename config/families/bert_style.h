#pragma once
// What the BERT-shaped families (bert, dnabert2) share in their specs: the config.json keys of transformers'
// BertConfig beyond the dimensions, the default LoRA targets' counterpart of the pooler, the head and the recipe.
#include "config/model_families.h"

namespace lnc::config::bert_style {

// pad_token_id (0), type_vocab_size (2, > 0), hidden_act ("gelu" only).
void read_hf(const HfConfigReader& r, ModelConfig& c);
// type_vocab_size, hidden_act, position_embedding_type "absolute", classifier_dropout (null when < 0).
void write_hf(const ModelConfig& c, nlohmann::json& j);

// The classifier Linear(H, labels); the pooler's dense (H, H) is a plain Linear outside the layers.
std::int64_t head_parameters(const ModelConfig& c);
std::vector<LinearShape> pooler_linears(const ModelConfig& c);
std::int64_t pooler_parameters(const ModelConfig& c);

// The public GUE fine-tuning script's settings (DNABERT v1 and DNABERT-2).
extern const char* const kRecipe;

}  // namespace lnc::config::bert_style
