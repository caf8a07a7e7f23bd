#pragma once
// The end of a training epoch: the epoch's train loss over all ranks (sum of per-sample losses / samples, from
// every rank's RankAccumulators), the dev evaluation (trainer/evaluation.h), their metrics in RunOutcome order
// (train loss, then dev mcc/accuracy/f1/loss), the log line "epoch E/N step S train loss L | dev ...", and the
// best model so far: a copy of the parameters of the epoch with the lowest dev loss (a NaN dev loss never wins).
#include <torch/torch.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "data/batching/long_rows.h"
#include "trainer/checkpoint/training_checkpoint.h"
#include "trainer/models/sequence_classifier.h"
#include "trainer/training_run.h"

namespace lnc::data {
class TokenStoreReader;
}
namespace lnc::cluster {
class ProcessGroup;
}

namespace lnc::trainer {

// What the evaluations of a run use.
struct EvaluationContext {
  SequenceClassifier& model;
  const data::TokenStoreReader& reader;
  const data::LongRowPolicy& rows;  // [data] long_sequences against the model (trainer/components/row_forward.h)
  std::int64_t batch_size;  // [training] eval_batch_size
  torch::Device device;
  cluster::ProcessGroup& group;
  const RunLogger& log;
};

struct BestModel {
  double dev_loss = INFINITY;
  std::int64_t epoch = -1;           // -1: no epoch yet
  std::vector<torch::Tensor> state;  // model->parameters() order; empty until an epoch gives a finite dev loss
};

// `steps_done`: optimizer steps so far (for the log line); `epochs`: of the whole run. Every rank calls it.
void evaluate_epoch(const EvaluationContext& context, std::int64_t epoch, std::int64_t epochs,
                    std::int64_t steps_done, const RankAccumulators& accumulators, std::vector<MetricValue>& metrics,
                    BestModel& best);

}  // namespace lnc::trainer
