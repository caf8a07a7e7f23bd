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
//
// Rows longer than the model's context ([data] long_sequences): f is the row's logit as forward_rows computes it
// (trainer/components/row_forward.h), and its inputs are the row's token embeddings, one per row token. Every window
// (a truncation's one, or each chunk) takes the embeddings of the row tokens it holds, so a token held by several
// overlapping chunks is one input of f and its gradient is the sum over those chunks; a token no window holds (past
// a truncation) gets 0, and f(baseline) is the row's logit with the kept tokens replaced, so completeness holds for
// the whole row. With chunk_pooling = "mean" f is as smooth as the model and the midpoint rule converges as for a
// row that fits (the tests hold it to 1% at 64 steps); with "max" f is piecewise smooth (its element-wise max picks
// another chunk where two cross along the path): the integral still equals f(input) - f(baseline), but the midpoint
// sum converges more slowly near each crossing, so completeness at 64 steps is looser (the tests hold it to 5%).
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "trainer/models/sequence_classifier.h"

namespace lnc::data {
struct LongRowPolicy;
struct TokenBatch;
}  // namespace lnc::data

namespace lnc::trainer {

struct IgResult {
  torch::Tensor token_attributions;  // [B, L] float64 on the CPU (L: the row tokens' columns)
  torch::Tensor input_logits;        // [B] target logit at the input (float64, CPU)
  torch::Tensor baseline_logits;     // [B] at the baseline
};

// The word-embedding matrix of a family's model (the parameter named *embeddings.word_embeddings.weight).
torch::Tensor word_embedding_weight(SequenceClassifier& model);

// Rows that fit the context. input_ids / attention_mask [B, L] on the model's device; baseline_ids [B, L]: the ids
// whose embeddings form the baseline (input ids with base-covering tokens replaced); targets [B] int64. The model's
// mode is unchanged.
IgResult integrated_gradients(SequenceClassifier& model, const torch::Tensor& input_ids,
                              const torch::Tensor& attention_mask, const torch::Tensor& baseline_ids,
                              const torch::Tensor& targets, std::int64_t steps);

// Token-file rows of any length under the run's `policy` (data/batching/long_rows.h); the targets are rows.labels;
// baseline_ids: rows.input_ids with the base-covering tokens replaced (same layout, [rows * max_length]).
// token_attributions are [rows, rows.max_length], per row token (the header comment).
IgResult integrated_gradients(SequenceClassifier& model, const data::TokenBatch& rows,
                              const std::vector<std::int64_t>& baseline_ids, const data::LongRowPolicy& policy,
                              std::int64_t steps, const torch::Device& device);

}  // namespace lnc::trainer
