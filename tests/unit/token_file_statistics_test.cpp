// A token file's builder statistics reach the results store: split sizes from its rows, GTEx expression by biotype
// from its expression_stats_tsv attribute (results/store/token_file_statistics.h), and Table 3 renders them.
#include "results/store/token_file_statistics.h"

#include <gtest/gtest.h>

#include "base/input_error.h"
#include "data/token_store/token_store.h"
#include "results/report/study_tables.h"
#include "results/store/results_store.h"
#include "tests/unit/test_paths.h"

namespace lnc::results {
namespace {

std::string write_tokens(const std::string& dir, const std::string& expression_tsv) {
  data::TokenStoreInfo info{"task3_300", "kmer", "abc", 3, 69, 0, expression_tsv};
  data::TokenizedSplit train{"train", "a.csv", "sha-a", {{2, 5, 3}, {2, 7, 3}, {2, 8, 3}}, {1, 0, 1}, false, {}, {},
                             {"ACGTA", "ACG", "ACGTACG"}};
  data::TokenizedSplit test{"test", "b.csv", "sha-b", {{2, 5, 3}}, {0}, true, {{-1, 0, -1}}, {{-1, 3, -1}}, {"ACGT"}};
  const std::string path = dir + "/t.h5";
  data::write_token_store(path, info, {train, test});
  return path;
}

TEST(TokenFileStatistics, SplitSizesAndExpressionRowsReachTheStoreAndTable3) {
  const std::string dir = test_paths::scratch_dir();
  const std::string tsv =
      "biotype\tgenes\tvalues\tpooled_mean\tpooled_sd\tper_gene_mean\tper_gene_sd\n"
      "lncRNA\t10\t540\t0.94\t6.63\t0.9\t2.5\n"
      "protein_coding\t20\t1080\t44.93\t792.96\t40\t100\n";
  const std::string tokens = write_tokens(dir, tsv);
  EXPECT_EQ(data::TokenStoreReader(tokens).expression_stats_tsv(), tsv);  // kept verbatim in the token file
  ResultsStore store(dir + "/s.sqlite");
  record_token_file_statistics(store, tokens);

  auto splits = store.split_stats();
  ASSERT_EQ(splits.size(), 5u);  // train: 0, 1, all; test: 0, all
  EXPECT_EQ(splits[0].split, "train");
  EXPECT_EQ(splits[0].label, 0);
  EXPECT_EQ(splits[0].examples, 1);
  EXPECT_EQ(splits[1].label, 1);
  EXPECT_EQ(splits[1].examples, 2);
  EXPECT_EQ(splits[1].min_bases.value_or(-1), 5);
  EXPECT_EQ(splits[1].max_bases.value_or(-1), 7);
  EXPECT_EQ(splits[2].label, -1);
  EXPECT_EQ(splits[2].examples, 3);
  EXPECT_DOUBLE_EQ(splits[2].mean_bases.value_or(-1), 5.0);
  EXPECT_EQ(splits[4].split, "test");
  EXPECT_EQ(splits[4].examples, 1);

  auto stats = store.dataset_stats();
  ASSERT_EQ(stats.size(), 4u);  // two per biotype: pooled gene x tissue values and per-gene means
  EXPECT_EQ(stats[0].dataset, "task3_300, gene x tissue");
  EXPECT_EQ(stats[0].biotype, "lncRNA");
  EXPECT_EQ(stats[0].n, 10);
  EXPECT_DOUBLE_EQ(stats[0].mean_tpm.value_or(-1), 0.94);
  EXPECT_DOUBLE_EQ(stats[1].sd_tpm.value_or(-1), 792.96);
  EXPECT_EQ(stats[2].dataset, "task3_300, per-gene mean");
  EXPECT_DOUBLE_EQ(stats[3].mean_tpm.value_or(-1), 40.0);

  const ReportTable t3 = build_table3(stats);
  ASSERT_EQ(t3.rows.size(), 4u);
  EXPECT_EQ(t3.rows[1], "protein_coding (task3_300, gene x tissue)");
  ASSERT_TRUE(t3.cells[1][1].ours.has_value());
  EXPECT_DOUBLE_EQ(t3.cells[1][1].ours->mean, 44.93);
  EXPECT_DOUBLE_EQ(t3.cells[1][1].paper.value_or(-1), 44.93);  // the paper's value beside it

  const ReportTable sizes = build_table3_splits(store.split_stats());
  ASSERT_EQ(sizes.rows, (std::vector<std::string>{"task3_300 / train", "task3_300 / test"}));
  ASSERT_EQ(sizes.columns,
            (std::vector<std::string>{"examples", "label 0", "label 1", "mean bases", "min bases", "max bases"}));
  EXPECT_EQ(sizes.cells[1][0].ours->mean, 1.0);
  EXPECT_FALSE(sizes.cells[1][2].ours.has_value());  // no label-1 row in test: missing, not 0
}

TEST(TokenFileStatistics, FileWithoutExpressionGivesSplitsOnlyAndBadTsvNamesTheFile) {
  const std::string dir = test_paths::scratch_dir();
  ResultsStore store(dir + "/s.sqlite");
  record_token_file_statistics(store, write_tokens(dir, ""));
  EXPECT_EQ(store.split_stats().size(), 5u);
  EXPECT_TRUE(store.dataset_stats().empty());

  const std::string other = test_paths::scratch_dir();
  const std::string bad = write_tokens(other, "biotype\tgenes\n");
  try {
    record_token_file_statistics(store, bad);
    FAIL() << "accepted a malformed expression_stats_tsv";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("expression_stats_tsv"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lnc::results
