#pragma once
// Gradient accumulation: a rank's share of the global batch is run forward/backward in micro-batches of at most
// `micro_batch` rows (0 = all rows at once). Each micro-batch's loss is its summed cross-entropy divided by the
// GLOBAL batch size, so the accumulated gradient equals the one-pass gradient and, summed over ranks
// (GradientSync), the global-batch mean. The caller steps the optimizer once per global batch.
#include <torch/torch.h>

#include "trainer/components/row_forward.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

// Backward passes for `rows` rows in micro-batches of `micro_batch` (0 = one pass; no rows = none).
std::int64_t micro_batch_count(std::int64_t rows, std::int64_t micro_batch);

// Returns the summed loss over the micro-batches (already divided by global_count) as a float64 scalar on the
// device, read by nobody (the training step's path: trainer/training/train_step.h reads it once with the step's
// verdict). A micro-batch is `micro_batch` rows with all their windows (chunked rows: trainer/components/
// row_forward.h).
torch::Tensor backward_in_micro_batches_on_device(SequenceClassifier& model, const DeviceBatch& batch,
                                                 std::int64_t micro_batch, double global_count);
// The same, read on the host.
double backward_in_micro_batches(SequenceClassifier& model, const DeviceBatch& batch, std::int64_t micro_batch,
                                 double global_count);
// The same for a one-window-per-row batch.
double backward_in_micro_batches(SequenceClassifier& model, const torch::Tensor& input_ids,
                                 const torch::Tensor& attention_mask, const torch::Tensor& labels,
                                 std::int64_t micro_batch, double global_count);

}  // namespace lnc::trainer
