#pragma once
// Integrated gradients (Sundararajan et al. 2017) of the true-class logit with respect to the input word embeddings.
//
// Baseline: the same token sequence with the word embedding of every token that covers bases replaced by that of
// one token, [evaluation] ig_baseline: "pad" (default; the embedding of the pad token, a zero vector in a model
// trained from scratch with padding_idx) or "mask" (the [MASK] / <mask> embedding, where the family has one).
// Special tokens ([CLS], [SEP], <cls>, <eos>) and padding keep their own embeddings, so they receive no
// attribution and the attributions of the base-covering tokens sum to f(input) - f(baseline). Positions, masks and
// every id-dependent step of the model use the input's ids (ForwardOptions::word_embeddings).
// Path integral: the midpoint rule over `steps` points alpha = (s + 0.5) / steps, s = 0..steps-1 ([evaluation]
// ig_steps, default 32): attribution of token t = sum over hidden of (E_t - E0_t) * mean_s dz/dE_t(alpha_s).
// Per base: each token's attribution split evenly over its bases (base_spread.h), so per-base values also sum to
// the logit difference. Cost: `steps` forward + backward passes per window.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

struct IgResult {
  torch::Tensor token_attributions;  // [B, L] float64 on the CPU
  torch::Tensor input_logits;        // [B] target logit at the input (float64, CPU)
  torch::Tensor baseline_logits;     // [B] at the baseline
};

// The word-embedding matrix of a family's model (the parameter named *embeddings.word_embeddings.weight).
torch::Tensor word_embedding_weight(SequenceClassifier& model);

// input_ids / attention_mask [B, L] on the model's device; baseline_ids [B, L]: the ids whose embeddings form the
// baseline (input ids with base-covering tokens replaced); targets [B] int64. The model's mode is unchanged.
IgResult integrated_gradients(SequenceClassifier& model, const torch::Tensor& input_ids,
                              const torch::Tensor& attention_mask, const torch::Tensor& baseline_ids,
                              const torch::Tensor& targets, std::int64_t steps);

}  // namespace lnc::trainer
