#include "trainer/components/micro_batches.h"

namespace lnc::trainer {

std::int64_t micro_batch_count(std::int64_t rows, std::int64_t micro_batch) {
  if (rows <= 0) return 0;
  return micro_batch > 0 ? (rows + micro_batch - 1) / micro_batch : 1;
}

torch::Tensor backward_in_micro_batches_on_device(SequenceClassifier& model, const DeviceBatch& batch,
                                                 std::int64_t micro_batch, double global_count) {
  const std::int64_t rows = batch.rows();
  const std::int64_t step = micro_batch > 0 ? micro_batch : rows;
  torch::Tensor total;
  for (std::int64_t start = 0; start < rows; start += step) {
    const std::int64_t n = std::min(step, rows - start);
    auto logits = forward_rows(model, batch, {}, start, n).logits;
    auto loss = torch::nn::functional::cross_entropy(
                    logits.to(torch::kFloat32), batch.labels.narrow(0, start, n),
                    torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum)) /
                global_count;
    loss.backward();
    auto value = loss.detach().to(torch::kFloat64);
    total = total.defined() ? total + value : value;
  }
  return total.defined() ? total : torch::zeros({}, batch.labels.options().dtype(torch::kFloat64));
}

double backward_in_micro_batches(SequenceClassifier& model, const DeviceBatch& batch, std::int64_t micro_batch,
                                 double global_count) {
  return backward_in_micro_batches_on_device(model, batch, micro_batch, global_count).item<double>();
}

double backward_in_micro_batches(SequenceClassifier& model, const torch::Tensor& input_ids,
                                 const torch::Tensor& attention_mask, const torch::Tensor& labels,
                                 std::int64_t micro_batch, double global_count) {
  return backward_in_micro_batches(model, device_batch(input_ids, attention_mask, labels), micro_batch, global_count);
}

}  // namespace lnc::trainer
