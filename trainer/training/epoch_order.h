#pragma once
// The order of the train split's rows in one epoch: the batch plan's shuffle for (seed, epoch), then, with
// [training] length_bucketing, sorted by length within windows of length_bucket_window global batches
// (data/batching/length_buckets.h). A function of (config, epoch) only, so a resumed run sees the same order.
#include <cstdint>
#include <vector>

#include "config/run_config.h"

namespace lnc::data {
class GlobalBatchPlan;
class TokenStoreReader;
}  // namespace lnc::data

namespace lnc::trainer {

std::vector<std::int64_t> epoch_order(const data::GlobalBatchPlan& plan, const data::TokenStoreReader& reader,
                                      const config::TrainingConfig& training, std::int64_t epoch);

}  // namespace lnc::trainer
