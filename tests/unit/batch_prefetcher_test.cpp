// The prefetching loader (trainer/training/batch_prefetcher.h) yields, for every rank of groups of 1 to 5, the
// shares today's loop read directly (plan.rank_rows + read_rows + to_device_batch), in the same order: uneven
// shares (11 rows in global batches of 4 on 3 ranks), empty shares (a global batch of 2 on 4 and 5 ranks, a
// last batch of 3 rows), a range starting mid-epoch (a resumed run) and an empty range; with rows that fit (one
// window each) and with rows chunked into several windows (the long-row policy travels with the prefetcher).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "data/batching/global_batch_plan.h"
#include "data/token_store/token_store.h"
#include "tests/unit/test_paths.h"
#include "trainer/training/batch_prefetcher.h"

namespace lnc::trainer {
namespace {

std::string toy_token_file(int rows) {
  data::TokenStoreInfo info{"toy", "kmer", "abc", 3, 69, 0};
  data::TokenizedSplit train{"train", "a.csv", "sha-a", {}, {}, false, {}, {}, {}};
  for (int r = 0; r < rows; ++r) {
    std::vector<std::int32_t> ids{2};
    for (int i = 0; i < 1 + (r * 7) % 9; ++i) ids.push_back(5 + (r + i) % 60);  // lengths vary by row
    ids.push_back(3);
    train.ids.push_back(ids);
    train.labels.push_back(r % 2);
    train.sequences.push_back(std::string(ids.size(), 'A'));
  }
  const std::string path = test_paths::scratch_dir() + "/toy.h5";
  data::write_token_store(path, info, {train});
  return path;
}

void expect_same(const std::optional<DeviceBatch>& got, const std::optional<DeviceBatch>& want, const std::string& at) {
  ASSERT_EQ(got.has_value(), want.has_value()) << at;
  if (!want) return;
  EXPECT_TRUE(torch::equal(got->input_ids, want->input_ids)) << at;
  EXPECT_TRUE(torch::equal(got->attention_mask, want->attention_mask)) << at;
  EXPECT_TRUE(torch::equal(got->labels, want->labels)) << at;
  EXPECT_EQ(got->window_offsets, want->window_offsets) << at;
}

// Rows of the toy file have 1 to 9 content tokens: a context of 64 fits them all, one of 6 chunks most of them.
data::LongRowPolicy policy_with_context(std::int64_t context) {
  data::LongRowPolicy p;
  p.mode = context < 64 ? "chunk" : "error";
  p.context = context;
  p.stride = 2;
  p.pad_id = 0;
  return p;
}

TEST(BatchPrefetcher, YieldsTodaysSharesInOrderForAnyRankCount) {
  const int rows = 11;
  data::TokenStoreReader reader(toy_token_file(rows));
  const torch::Device cpu(torch::kCPU);
  for (const std::int64_t context : {64, 6}) {
    const auto policy = policy_with_context(context);
    int chunked = 0;
    for (const std::int64_t global_batch : {4, 2, 3, 11}) {
      const data::GlobalBatchPlan plan(rows, global_batch, 42);
      const auto order = plan.epoch_order(1);
      for (int world = 1; world <= 5; ++world) {
        for (int rank = 0; rank < world; ++rank) {
          int empty = 0;
          for (const std::int64_t first : {std::int64_t{0}, plan.batches_per_epoch() / 2}) {
            BatchPrefetcher shares(reader, plan, order, policy, rank, world, cpu, first, plan.batches_per_epoch());
            for (std::int64_t b = first; b < plan.batches_per_epoch(); ++b) {
              const auto at = "context " + std::to_string(context) + ", batch " + std::to_string(global_batch) +
                              ", rank " + std::to_string(rank) + "/" + std::to_string(world) + ", b " +
                              std::to_string(b);
              std::optional<DeviceBatch> want;
              const auto direct = plan.rank_rows(order, b, rank, world);
              if (!direct.empty()) want = windowed_device_batch(reader.read_rows("train", direct), policy, cpu);
              empty += direct.empty();
              chunked += want && !want->window_offsets.empty();
              expect_same(shares.next(), want, at);
            }
            EXPECT_THROW(shares.next(), std::logic_error);
          }
          // Batches of 2 rows (the last of 1) on 4 or 5 ranks: rank 0 always has rows, every other rank some empty
          // shares.
          if (global_batch == 2 && world >= 4) EXPECT_EQ(empty > 0, rank >= 1) << "rank " << rank << "/" << world;
        }
      }
    }
    if (context < 64) EXPECT_GT(chunked, 0) << "no share had a chunked row";
    else EXPECT_EQ(chunked, 0);
  }
  // An empty range reads nothing and hands nothing over.
  const data::GlobalBatchPlan plan(rows, 4, 42);
  const auto policy = policy_with_context(64);
  BatchPrefetcher none(reader, plan, plan.epoch_order(0), policy, 0, 1, cpu, 3, 3);
  EXPECT_THROW(none.next(), std::logic_error);
}

TEST(BatchPrefetcher, ReadShareMatchesTheDirectRead) {
  data::TokenStoreReader reader(toy_token_file(5));
  const data::GlobalBatchPlan plan(5, 5, 7);
  const auto order = plan.epoch_order(0);
  const auto share = read_share(reader, plan, order, policy_with_context(64), 0, 1, 2, torch::Device(torch::kCPU));
  ASSERT_TRUE(share.has_value());
  const auto direct = to_device_batch(reader.read_rows("train", plan.rank_rows(order, 0, 1, 2)), torch::kCPU);
  expect_same(share, direct, "rank 1 of 2");
  EXPECT_EQ(share->labels.size(0), 2);  // 5 rows on 2 ranks: 3 + 2
}

}  // namespace
}  // namespace lnc::trainer
