#pragma once
// Hugging Face's _init_weights for BERT/ESM-style models: Linear weights ~ N(0, std), biases 0, embeddings
// ~ N(0, std) with the padding row zeroed, LayerNorm (1, 0). Used for fresh models and freshly initialised heads.
#include <torch/nn/module.h>

namespace lnc::trainer {

// Initialises every Linear / Embedding / LayerNorm below `module` (itself included). Embeddings with a padding_idx
// get that row zeroed, as HF does.
void init_hf_weights(torch::nn::Module& module, double std = 0.02);

}  // namespace lnc::trainer
