#pragma once
// In-silico mutagenesis of one window with the run's model (what the mutants are and how their logits become
// scores: ism_mutants.h, with the cost). The reference and every mutant are tokenized by `tokenizer` (the run's:
// trainer/importance/ism_tokenizer.h) and run in eval mode, batch_rows sequences per forward pass, right-padded
// with the tokenizer's pad id (BPE mutants may differ in length).
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "data/tokenizers/tokenizer.h"
#include "trainer/importance/ism_mutants.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

// The `target` logit of each encoding (one forward pass per batch_rows encodings). No grad; model mode unchanged.
std::vector<double> class_logits(SequenceClassifier& model, const std::vector<data::Encoding>& encodings,
                                 std::int32_t pad_id, std::int64_t target, std::int64_t batch_rows,
                                 const torch::Device& device);

// Scores of every base of `window` for class `target`.
IsmScores ism_window(SequenceClassifier& model, const data::Tokenizer& tokenizer, const std::string& window,
                     std::int64_t target, std::int64_t batch_rows, const torch::Device& device);

}  // namespace lnc::trainer
