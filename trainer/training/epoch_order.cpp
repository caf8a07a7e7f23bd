#include "trainer/training/epoch_order.h"

#include "data/batching/global_batch_plan.h"
#include "data/batching/length_buckets.h"
#include "data/token_store/token_store.h"

namespace lnc::trainer {

std::vector<std::int64_t> epoch_order(const data::GlobalBatchPlan& plan, const data::TokenStoreReader& reader,
                                      const config::TrainingConfig& training, std::int64_t epoch) {
  auto order = plan.epoch_order(epoch);
  if (training.length_bucketing)
    order = data::length_bucketed_order(order, reader.lengths("train"), training.global_batch_size,
                                        training.length_bucket_window, static_cast<std::uint64_t>(training.seed),
                                        epoch);
  return order;
}

}  // namespace lnc::trainer
