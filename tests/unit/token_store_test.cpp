// HDF5 token store round trip, GUE CSV validation, and rank shards that cover each global batch exactly once.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>

#include "data/batching/global_batch_plan.h"
#include "data/datasets/csv_splits.h"
#include "base/input_error.h"
#include "data/sequences/labeled_csv.h"
#include "data/token_store/token_store.h"
#include "data/token_store/tokenize_splits.h"
#include "data/tokenizers/kmer_tokenizer.h"
#include "tests/unit/test_paths.h"

namespace lnc::data {
namespace {

TEST(TokenStore, RoundTripKeepsIdsLengthsLabelsAndAttributes) {
  const std::string dir = test_paths::scratch_dir();
  TokenStoreInfo info{"toy", "kmer", "abc", 3, 69, 0};
  TokenizedSplit train{"train", "a.csv", "sha-a", {{2, 5, 6, 3}, {2, 7, 3}, {2, 8, 9, 10, 11, 3}}, {1, 0, 1}, false, {}, {},
                       {"ACGTA", "ACG", "ACGTACGT"}};
  TokenizedSplit test{"test", "b.csv", "sha-b", {{2, 5, 3}}, {0}, true, {{-1, 0, -1}}, {{-1, 3, -1}}, {"ACG"}};
  const std::string path = dir + "/toy.h5";
  write_token_store(path, info, {train, test});
  EXPECT_TRUE(std::filesystem::exists(path));
  for (const auto& entry : std::filesystem::directory_iterator(dir))  // nothing temporary left behind
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos);

  TokenStoreReader reader(path);
  EXPECT_EQ(reader.info().tokenizer, "kmer");
  EXPECT_EQ(reader.info().k, 3);
  EXPECT_EQ(reader.info().vocab_size, 69);
  EXPECT_EQ(reader.info().vocab_sha256, "abc");
  EXPECT_EQ(reader.num_examples("train"), 3);
  EXPECT_EQ(reader.max_length("train"), 6);
  EXPECT_EQ(reader.labels("train"), (std::vector<std::int32_t>{1, 0, 1}));
  EXPECT_FALSE(reader.has_split("dev"));

  // Rows come back in the requested order, padded to the longest of the batch.
  auto batch = reader.read_rows("train", {1, 0});
  EXPECT_EQ(batch.max_length, 4);
  EXPECT_EQ(batch.input_ids, (std::vector<std::int64_t>{2, 7, 3, 0, 2, 5, 6, 3}));
  EXPECT_EQ(batch.attention_mask, (std::vector<std::int64_t>{1, 1, 1, 0, 1, 1, 1, 1}));
  EXPECT_EQ(batch.labels, (std::vector<std::int64_t>{0, 1}));

  EXPECT_EQ(reader.sequences("train"), (std::vector<std::string>{"ACGTA", "ACG", "ACGTACGT"}));
  ASSERT_TRUE(reader.has_spans("test"));
  std::vector<std::int32_t> b, e;
  reader.read_spans("test", {0}, b, e);
  EXPECT_EQ(b, (std::vector<std::int32_t>{-1, 0, -1}));
  EXPECT_EQ(e, (std::vector<std::int32_t>{-1, 3, -1}));
}

TEST(TokenStore, RejectsFilesThatAreNotTokenStores) {
  const std::string path = test_paths::scratch_dir() + "/bad.h5";
  std::ofstream(path) << "not hdf5";
  try {
    TokenStoreReader reader(path);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.h5"), std::string::npos);
  }
}

TEST(LabeledCsv, InvalidBaseNamesFileAndLine) {
  const std::string path = test_paths::scratch_dir() + "/x.csv";
  std::ofstream(path) << "sequence,label\nACGT,1\nacgn,0\nACXT,1\n";
  try {
    read_labeled_csv(path);
    FAIL();
  } catch (const InputError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("x.csv:4"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'X'"), std::string::npos) << msg;
  }
  std::ofstream(path) << "sequence,label\nACGT,1\nacgn,0\n";
  auto rows = read_labeled_csv(path);
  EXPECT_EQ(rows.sequences[1], "ACGN");  // upper-cased on read
}

TEST(LabeledCsv, ShippedGueFilesLoadWithTheirPublishedCounts) {
  auto splits = load_csv_splits(test_paths::source("data/assets/gue/prom_300_notata/dev.csv.gz"), "",
                                test_paths::source("data/assets/gue/prom_300_notata/test.csv.gz"), 0.1, 42);
  ASSERT_EQ(splits.size(), 3u);
  EXPECT_EQ(splits[0].sequences.size() + splits[1].sequences.size(), 5307u);
  EXPECT_EQ(splits[1].sequences.size(), 531u);
  EXPECT_EQ(splits[2].sequences.size(), 5307u);
  EXPECT_EQ(splits[2].source_sha256, "320f514d5c2ee0afe4c72d788c3458bdf5e44a0bf1868c1d9f5fa2ad67bd0511");
  // The carve is deterministic.
  auto again = load_csv_splits(test_paths::source("data/assets/gue/prom_300_notata/dev.csv.gz"), "",
                               test_paths::source("data/assets/gue/prom_300_notata/test.csv.gz"), 0.1, 42);
  EXPECT_EQ(again[1].sequences, splits[1].sequences);
}

TEST(GlobalBatchPlan, RankShardsCoverEachGlobalBatchExactlyOnce) {
  GlobalBatchPlan plan(103, 16, 7);
  EXPECT_EQ(plan.batches_per_epoch(), 7);
  for (int world : {1, 2, 3, 5}) {
    auto order = plan.epoch_order(0);
    std::multiset<std::int64_t> seen;
    for (std::int64_t b = 0; b < plan.batches_per_epoch(); ++b) {
      auto global = plan.global_batch(order, b);
      std::vector<std::int64_t> joined;
      for (int r = 0; r < world; ++r) {
        auto rows = plan.rank_rows(order, b, r, world);
        joined.insert(joined.end(), rows.begin(), rows.end());
      }
      EXPECT_EQ(joined, global) << "world " << world << " batch " << b;
      seen.insert(joined.begin(), joined.end());
    }
    EXPECT_EQ(seen.size(), 103u);
    EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(), 103u);
  }
  EXPECT_NE(plan.epoch_order(0), plan.epoch_order(1));
  EXPECT_EQ(plan.epoch_order(3), GlobalBatchPlan(103, 16, 7).epoch_order(3));
}

}  // namespace
}  // namespace lnc::data
