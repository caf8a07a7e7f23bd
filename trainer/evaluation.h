#pragma once
// Evaluation on a whole split, gathered across the ranks of a group: each rank runs the model on its
// contiguous share of the rows, the logits are combined (sum of zero-padded tensors: exact), and the metrics
// are computed once on all rows — never averaged over ranks.
#include <torch/torch.h>

#include <string>

#include "base/metrics/classification_metrics.h"
#include "data/batching/long_rows.h"
#include "trainer/components/row_forward.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::data {
class TokenStoreReader;
struct TokenBatch;
}
namespace lnc::cluster {
class ProcessGroup;
}

namespace lnc::trainer {

struct SplitEvaluation {
  torch::Tensor logits;  // [N, num_labels] on CPU, identical on every rank
  torch::Tensor labels;  // [N]
  metrics::ClassificationMetrics metrics;
};

// `rows`: the run's long-row policy (trainer/components/row_forward.h); logits are one row per split row.
SplitEvaluation evaluate_split(SequenceClassifier& model, const data::TokenStoreReader& reader,
                               const data::LongRowPolicy& rows, const std::string& split, std::int64_t batch_size,
                               const torch::Device& device, cluster::ProcessGroup& group);

}  // namespace lnc::trainer
