#pragma once
// The one path from DNA strings to a classifier's logits, shared by `lnctrain predict` and `score-variants`, so the
// two give the same numbers for the same batches: each batch right-padded to its longest encoding with the
// tokenizer's pad id (attention_mask 0 there), one forward in eval mode without gradients, logits as float64 on
// the CPU. The model must be in eval mode and on `device`.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "data/tokenizers/tokenizer.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

// ids [B, L_max] int64 (pad id after each sequence), mask [B, L_max] int64.
std::pair<torch::Tensor, torch::Tensor> pad_batch(const std::vector<data::Encoding>& encodings, std::int32_t pad_id);

// logits [B, num_labels], float64, CPU. The model's std::invalid_argument (a sequence past its context) propagates.
torch::Tensor batch_logits(SequenceClassifier& model, const std::vector<data::Encoding>& encodings,
                           std::int32_t pad_id, const torch::Device& device);

// Class-1 probability and class-1 log-odds log(p1 / (1 - p1)) of each row of `logits` (float64 [B, n], n >= 2),
// computed from the logits (l1 - logsumexp of the others) so that it stays finite where p1 rounds to 0 or 1.
struct ClassOneScore {
  double probability = 0;
  double log_odds = 0;
};
std::vector<ClassOneScore> class_one_scores(const torch::Tensor& logits);

}  // namespace lnc::trainer
