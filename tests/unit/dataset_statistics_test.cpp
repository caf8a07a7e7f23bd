// Per-split/class dataset statistics and the expression_stats.tsv round trip (data/token_store/dataset_statistics.h).
#include "data/token_store/dataset_statistics.h"

#include <gtest/gtest.h>

#include "data/genome/expression_classes.h"
#include "base/input_error.h"

namespace lnc::data {
namespace {

TEST(DatasetStatistics, CountsAndLengthsPerLabelThenTotal) {
  const std::vector<std::int32_t> labels{1, 0, 1, 2, 1};
  const std::vector<std::int32_t> bases{300, 100, 200, 50, 301};
  auto s = split_label_statistics("dev", labels, bases);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].label, 0);
  EXPECT_EQ(s[0].examples, 1);
  EXPECT_EQ(s[0].min_bases, 100);
  EXPECT_EQ(s[0].max_bases, 100);
  EXPECT_EQ(s[1].label, 1);
  EXPECT_EQ(s[1].examples, 3);
  EXPECT_EQ(s[1].min_bases, 200);
  EXPECT_EQ(s[1].max_bases, 301);
  EXPECT_DOUBLE_EQ(s[1].mean_bases, 801.0 / 3);
  EXPECT_EQ(s[2].label, 2);
  EXPECT_EQ(s[2].examples, 1);
  EXPECT_EQ(s[3].label, -1);  // the split's total comes last
  EXPECT_EQ(s[3].examples, 5);
  EXPECT_EQ(s[3].min_bases, 50);
  EXPECT_EQ(s[3].max_bases, 301);
  EXPECT_DOUBLE_EQ(s[3].mean_bases, 951.0 / 5);
  for (const auto& row : s) EXPECT_EQ(row.split, "dev");
}

TEST(DatasetStatistics, EmptySplitAndMismatchedInputs) {
  auto s = split_label_statistics("test", {}, {});
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].label, -1);
  EXPECT_EQ(s[0].examples, 0);
  EXPECT_EQ(s[0].mean_bases, 0.0);
  EXPECT_THROW(split_label_statistics("test", {0, 1}, {3}), std::invalid_argument);
}

TEST(DatasetStatistics, ExpressionStatsTsvRoundTripsThroughTheBuildersWriter) {
  ExpressionClasses classes;
  classes.by_biotype["lncRNA"] = BiotypeExpression{120, 6480, 0.94, 6.63, 0.91, 3.5};
  classes.by_biotype["protein_coding"] = BiotypeExpression{180, 9720, 44.93, 792.96, 45.1, 300.25};
  auto rows = parse_expression_stats_tsv(expression_stats_tsv(classes), "stats.tsv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].biotype, "lncRNA");
  EXPECT_EQ(rows[0].genes, 120);
  EXPECT_EQ(rows[0].values, 6480);
  EXPECT_DOUBLE_EQ(rows[0].pooled_mean, 0.94);
  EXPECT_DOUBLE_EQ(rows[0].pooled_sd, 6.63);
  EXPECT_EQ(rows[1].biotype, "protein_coding");
  EXPECT_DOUBLE_EQ(rows[1].pooled_mean, 44.93);
  EXPECT_DOUBLE_EQ(rows[1].pooled_sd, 792.96);
  EXPECT_DOUBLE_EQ(rows[1].per_gene_sd, 300.25);
}

TEST(DatasetStatistics, MalformedExpressionStatsNameFileAndLine) {
  const std::string header = "biotype\tgenes\tvalues\tpooled_mean\tpooled_sd\tper_gene_mean\tper_gene_sd\n";
  try {
    parse_expression_stats_tsv(header + "lncRNA\t3\t9\t1.0\tx\t1\t1\n", "f.tsv");
    FAIL() << "accepted a bad number";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("f.tsv:2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("pooled_sd"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_expression_stats_tsv("biotype\tgenes\n", "f.tsv"), InputError);
  EXPECT_THROW(parse_expression_stats_tsv(header + "lncRNA\t3\n", "f.tsv"), InputError);
  EXPECT_THROW(parse_expression_stats_tsv("", "f.tsv"), InputError);
}

}  // namespace
}  // namespace lnc::data
