// Grouped, stratified train/dev/test split and class balancing.
#include <gtest/gtest.h>

#include <set>

#include "data/genome/class_balance.h"
#include "data/genome/dataset_split.h"

namespace lnc::data {
namespace {

DatasetRow located(const std::string& chrom, std::int64_t start, std::int64_t end, int label) {
  DatasetRow r;
  r.chrom = chrom;
  r.window = {start, end};
  r.label = label;
  r.sequence = "A";
  return r;
}

TEST(GenomeSplit, GroupsOverlapsLinksAndKeys) {
  std::vector<DatasetRow> rows = {
      located("1", 100, 399, 1),  // 0
      located("1", 399, 698, 0),  // 1 overlaps 0 by one base
      located("1", 699, 998, 1),  // 2 touches nothing (699 > 698)
      located("2", 100, 399, 1),  // 3 same coordinates, other chromosome
      located("1", 600, 650, 0),  // 4 inside 1 (sorted sweep must still join it)
  };
  DatasetRow shuffled = rows[2];
  shuffled.same_group_as = 2;  // 5 with 2
  rows.push_back(shuffled);
  DatasetRow a, b, c;
  a.group_key = b.group_key = "same";
  c.group_key = "other";
  rows.push_back(a);  // 6
  rows.push_back(b);  // 7 with 6
  rows.push_back(c);  // 8
  std::vector<std::size_t> g = row_groups(rows);
  EXPECT_EQ(g[0], g[1]);
  EXPECT_EQ(g[1], g[4]);
  EXPECT_NE(g[0], g[2]);
  EXPECT_NE(g[0], g[3]);
  EXPECT_EQ(g[2], g[5]);
  EXPECT_EQ(g[6], g[7]);
  EXPECT_NE(g[6], g[8]);
}

TEST(GenomeSplit, FractionsStratificationAndDeterminism) {
  std::vector<DatasetRow> rows;
  for (int i = 0; i < 1000; ++i) rows.push_back(located("1", 1000 * i + 1, 1000 * i + 300, i % 2));
  DeterministicRng r1(5, "s"), r2(5, "s"), r3(6, "s");
  SplitAssignment a = split_by_group(rows, 0.8, 0.1, r1);
  SplitAssignment b = split_by_group(rows, 0.8, 0.1, r2);
  SplitAssignment c = split_by_group(rows, 0.8, 0.1, r3);
  EXPECT_EQ(a.train.size(), 800u);
  EXPECT_EQ(a.dev.size(), 100u);
  EXPECT_EQ(a.test.size(), 100u);
  EXPECT_EQ(a.groups, 1000u);
  EXPECT_EQ(a.train, b.train);
  EXPECT_EQ(a.test, b.test);
  EXPECT_NE(a.train, c.train);
  int dev_pos = 0;
  for (std::size_t i : a.dev) dev_pos += rows[i].label;
  EXPECT_EQ(dev_pos, 50);  // stratified: each label split 80/10/10 on its own
  std::set<std::size_t> all(a.train.begin(), a.train.end());
  all.insert(a.dev.begin(), a.dev.end());
  all.insert(a.test.begin(), a.test.end());
  EXPECT_EQ(all.size(), 1000u);
}

TEST(GenomeSplit, SmallStrataStillReachEverySplit) {
  std::vector<DatasetRow> rows;
  for (int i = 0; i < 14; ++i) rows.push_back(located("1", 1000 * i + 1, 1000 * i + 300, 1));
  DeterministicRng rng(1);
  SplitAssignment s = split_by_group(rows, 0.8, 0.1, rng);
  EXPECT_EQ(s.train.size(), 11u);
  EXPECT_EQ(s.dev.size(), 2u);
  EXPECT_EQ(s.test.size(), 1u);
}

TEST(GenomeClassBalance, DownSamplesTheLargerClassDeterministically) {
  std::vector<DatasetRow> rows;
  for (int i = 0; i < 30; ++i) {
    DatasetRow r;
    r.label = i < 10 ? 1 : 0;
    r.gene_id = "G" + std::to_string(i);
    rows.push_back(r);
  }
  std::vector<DatasetRow> copy = rows;
  DeterministicRng r1(3), r2(3);
  SkipCounts s1, s2;
  balance_classes(rows, r1, s1);
  balance_classes(copy, r2, s2);
  ASSERT_EQ(rows.size(), 20u);
  EXPECT_EQ(s1["balanced_away_label_0"], 10);
  int ones = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ones += rows[i].label;
    EXPECT_EQ(rows[i].gene_id, copy[i].gene_id);
  }
  EXPECT_EQ(ones, 10);
}

}  // namespace
}  // namespace lnc::data
