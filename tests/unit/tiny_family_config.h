#pragma once
// The tiny model shape the chunked-forward and importance tests build every family at (vocab 40, hidden 32,
// 2 layers, 4 heads, FFN 48, 64 positions, no dropout so training-mode paths agree up to rounding); esm gets its
// <mask> id 2.
#include <cstdint>
#include <string>

#include "config/model_config.h"

namespace lnc::trainer {

inline config::ModelConfig tiny_family_config(const std::string& family, std::int32_t pad_token_id) {
  config::ModelConfig c;
  c.family = family;
  c.vocab_size = 40;
  c.hidden_size = 32;
  c.num_layers = 2;
  c.num_heads = 4;
  c.intermediate_size = 48;
  c.max_position_embeddings = 64;
  c.pad_token_id = pad_token_id;
  c.hidden_dropout = 0;
  c.attention_dropout = 0;
  if (family == "esm") c.mask_token_id = 2;
  return c;
}

}  // namespace lnc::trainer
