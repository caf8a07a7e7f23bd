#pragma once
// The one path from DNA strings to a classifier's logits, shared by `lnctrain predict` and `score-variants`, so the
// two give the same numbers for the same batches: each batch right-padded to its longest encoding with the
// tokenizer's pad id (attention_mask 0 there), its rows windowed by the long-row policy (truncated or chunked past
// the model's context: trainer/components/row_forward.h, as in training), one forward in eval mode without
// gradients, logits as float64 on the CPU. The model must be in eval mode and on `device`.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "data/batching/long_rows.h"
#include "data/token_store/token_store.h"
#include "data/tokenizers/tokenizer.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

// One padded batch of encodings as the token file's reader returns rows (labels 0, unused).
data::TokenBatch pad_batch(const std::vector<data::Encoding>& encodings, std::int32_t pad_id);

// logits [B, num_labels], float64, CPU. std::invalid_argument for a row past the model's context under the
// policy "error" (the policy's message names its key).
torch::Tensor batch_logits(SequenceClassifier& model, const std::vector<data::Encoding>& encodings,
                           const data::LongRowPolicy& policy, const torch::Device& device);

// Class-1 probability and class-1 log-odds log(p1 / (1 - p1)) of each row of `logits` (float64 [B, n], n >= 2),
// computed from the logits (l1 - logsumexp of the others) so that it stays finite where p1 rounds to 0 or 1.
struct ClassOneScore {
  double probability = 0;
  double log_odds = 0;
};
std::vector<ClassOneScore> class_one_scores(const torch::Tensor& logits);

}  // namespace lnc::trainer
