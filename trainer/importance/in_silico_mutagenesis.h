#pragma once
// In-silico mutagenesis of one window with the run's model (what the mutants are and how their logits become
// scores: ism_mutants.h, with the cost). The reference and every mutant are tokenized by `tokenizer` (the run's:
// trainer/importance/ism_tokenizer.h) and then reach the model as the run's rows do ([data] long_sequences,
// data/batching/long_rows.h): a row within the context is one forward row; a longer one is truncated to one window
// or cut into chunks whose pooled outputs are combined (mean | max) before the head, as forward_rows does
// (trainer/components/row_forward.h). So a score is the change of the row's true-class logit as the run's model
// computes it on the whole row; a base whose mutants change no token that reaches the model (past a truncation)
// gets exactly 0 change.
// Cost: every distinct window is forwarded once. A mutant's window whose token ids equal one already computed (the
// reference's, above all) reuses that window's output: a substitution changes only the tokens covering its base
// (k of them for k-mers; BPE may retokenize more, and a BPE mutant with another token count shifts every later
// chunk), so a mutant of a chunked row costs the one to three chunks holding those tokens, and a mutant past a
// truncation costs nothing. ism_batch_rows is the number of windows per forward pass (for rows within the context:
// mutants per forward pass, as before), right-padded with the tokenizer's pad id (BPE mutants may differ in length).
// Eval mode, no grad; the model's mode is unchanged.
// Under long_sequences = "error" the token file's rows fit the context; a BPE mutant that grows past it is cut on
// the right (truncate), rather than failing a trained run over one mutant.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "data/tokenizers/tokenizer.h"
#include "trainer/importance/ism_mutants.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::data {
struct LongRowPolicy;
}

namespace lnc::trainer {

// The `target` logit of each encoding, each a row on its own under `policy` (equal to forward_rows on a batch of
// that one row), distinct windows forwarded once, batch_rows windows per forward pass.
std::vector<double> row_logits(SequenceClassifier& model, const std::vector<data::Encoding>& rows,
                               const data::LongRowPolicy& policy, std::int32_t pad_id, std::int64_t target,
                               std::int64_t batch_rows, const torch::Device& device);

// Scores of every base of `window` for class `target`, the rows under `policy` (the run's long-row policy).
IsmScores ism_window(SequenceClassifier& model, const data::Tokenizer& tokenizer, const std::string& window,
                     std::int64_t target, const data::LongRowPolicy& policy, std::int64_t batch_rows,
                     const torch::Device& device);
// The same for rows within the model's context (no long-row policy: every row is one window).
IsmScores ism_window(SequenceClassifier& model, const data::Tokenizer& tokenizer, const std::string& window,
                     std::int64_t target, std::int64_t batch_rows, const torch::Device& device);

}  // namespace lnc::trainer
