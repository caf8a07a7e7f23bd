#pragma once
// Per-base importance of a run's best model on the test split (the study's Figure 2, per method), computed at the
// end of every transformer run when [evaluation] importance is on (config/run_config.h), for each of
// [evaluation] importance_methods: attention (attention_importance.h), ism (in_silico_mutagenesis.h: stored as
// 'ism' and 'ism_mean'), integrated_gradients (integrated_gradients.h). All methods score the same rows, for the
// true class.
//
// Which rows: all test rows when max_sequences is 0 or at least the split size; otherwise max_sequences rows
// evenly strided over the split (row floor(i * N / max_sequences), i = 0..max_sequences-1), so that a file
// sorted by label still gives both classes. Cost of attention: one forward pass with attention probabilities over
// those rows (batches of at most kImportanceBatchRows rows, since every layer's [rows, heads, L, L] probabilities
// are kept), i.e. at most max_sequences / N of a test evaluation, split over the group; ISM: 3 x l forward rows
// per row (ism_mutants.h; for chunked and truncated rows, the windows mutants change); IG: ig_steps forward +
// backward passes per row (over all of its windows).
// Parallel: each rank computes its contiguous share of the chosen rows (a share may be empty); the shares are
// combined by one all-reduce sum per stored method, in a fixed order, of a zero-padded [rows, max bases] tensor
// (exact: every entry is written by one rank), so every rank returns all rows, in row order. Returns nothing (and
// the caller logs why) when the test split has no base spans.
// Rows longer than the model's context ([data] long_sequences, trainer/components/row_forward.h): every method
// sees a row as the run's model does, through the same windows (truncated or chunked), and every row's scores have
// the row's length in bases, whatever was truncated.
//   attention: each window's last-layer first-token attention is mapped back to the row's tokens and so to its
//     bases; a base covered by tokens of several chunks gets the mean over all of them (every chunk's attention row
//     sums to one, so chunks weigh alike), and a base no kept token covers (past a truncation) gets 0;
//   ism: each mutant row goes through the same windows and the pooled (mean | max) chunk combination, so a score is
//     the change of the row's logit; mutants past a truncation change nothing (0); only the windows a mutant
//     changes are forwarded (in_silico_mutagenesis.h);
//   integrated_gradients: on the row tokens' embeddings, a token in several chunks summing its gradients over them,
//     a token past a truncation 0; completeness holds for the whole row (integrated_gradients.h). One IG pass takes
//     rows of at most kImportanceBatchRows windows in all (a row of more goes alone).
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "data/batching/long_rows.h"
#include "trainer/evaluation.h"
#include "trainer/importance/importance_row.h"
#include "trainer/models/sequence_classifier.h"
#include "trainer/training_run.h"

namespace lnc::data {
class TokenStoreReader;
class Tokenizer;
}
namespace lnc::cluster {
class ProcessGroup;
}

namespace lnc::trainer {

inline constexpr std::int64_t kImportanceBatchRows = 8;

// The rows chosen for a split of n rows (see above).
std::vector<std::int64_t> importance_rows(std::int64_t n, std::int64_t max_sequences);

struct ImportanceSettings {
  std::vector<std::string> methods{"attention"};  // [evaluation] importance_methods
  std::int64_t max_sequences = 500;
  std::int64_t ig_steps = 32;
  std::string ig_baseline = "pad";
  std::int64_t ism_batch_rows = 64;             // model windows per ISM forward pass (in_silico_mutagenesis.h)
  const data::Tokenizer* tokenizer = nullptr;  // the run's, for ism (required when methods has "ism")
  data::LongRowPolicy row_policy;               // the run's windows, for every method
};

// test_logits: the [N, classes] test logits of the same model (trainer/evaluation.h), for the predictions.
// Rows come method by method (kStoredImportanceMethods order), each in row order.
std::vector<ImportanceRow> test_split_importance(SequenceClassifier& model, const data::TokenStoreReader& reader,
                                                 const torch::Tensor& test_logits, const ImportanceSettings& settings,
                                                 const torch::Device& device, cluster::ProcessGroup& group);
// Attention only (the earlier interface).
std::vector<ImportanceRow> test_split_importance(SequenceClassifier& model, const data::TokenStoreReader& reader,
                                                 const data::LongRowPolicy& row_policy, const torch::Tensor& test_logits,
                                                 std::int64_t max_sequences, const torch::Device& device,
                                                 cluster::ProcessGroup& group);

// The end of a training run: with config.evaluation.importance, fills out.importance and logs how many rows and
// how long each method took (or why there are none: no base spans in the test split; for ism, no usable tokenizer,
// which skips ism alone rather than failing a trained run).
void add_test_importance(const config::RunConfig& config, SequenceClassifier& model,
                         const data::TokenStoreReader& reader, const data::LongRowPolicy& row_policy,
                         const SplitEvaluation& test, const torch::Device& device,
                         cluster::ProcessGroup& group, const RunLogger& log, RunOutcome& out);

}  // namespace lnc::trainer
