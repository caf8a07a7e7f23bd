#pragma once
// The architecture of one model, whatever the family: filled from a Hugging Face config.json
// (trainer/models/hf_config) or from the [model] section of a grid config. No torch here.
#include <cstdint>
#include <string>

namespace lnc::config {

struct ModelConfig {
  std::string family = "bert";  // a FamilySpec name (config/model_families.h): bert, dnabert2 or esm
  int vocab_size = 69;
  int hidden_size = 768;
  int num_layers = 12;
  int num_heads = 12;
  int intermediate_size = 3072;
  int max_position_embeddings = 512;
  int type_vocab_size = 2;
  double layer_norm_eps = 1e-12;
  double hidden_dropout = 0.1;
  double attention_dropout = 0.1;
  double classifier_dropout = -1.0;  // < 0: use hidden_dropout (HF's classifier_dropout = null)
  int num_labels = 2;
  int pad_token_id = 0;
  std::string hidden_act = "gelu";

  // ESM / Nucleotide Transformer
  std::string position_embedding_type = "absolute";  // "absolute" | "rotary" (NT v2)
  double rope_theta = 10000.0;                         // rotary base (transformers >= 5 writes it to config.json)
  bool token_dropout = false;
  bool emb_layer_norm_before = false;
  int mask_token_id = -1;
  bool gated_ffn = false;     // NT v2 SwiGLU FFN
  bool add_bias_ffn = true;   // NT v2: false

  // DNABERT-2
  int alibi_starting_size = 512;

  int head_dim() const { return hidden_size / num_heads; }
};

}  // namespace lnc::config
