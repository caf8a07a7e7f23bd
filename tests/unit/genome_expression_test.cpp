// GTEx GCT parsing and the task 3 expression classes on a synthetic table whose answer is known.
#include <gtest/gtest.h>

#include <fstream>

#include "data/genome/expression_classes.h"
#include "data/genome/gtex_gct.h"
#include "tests/unit/genome_test_support.h"
#include "tests/unit/test_paths.h"

namespace lnc::data {
namespace {

void expect_gct_error(const std::string& content, const std::string& where, const std::string& needle) {
  const std::string path = genome_test::scratch_dir() + "/bad.gct";
  std::ofstream(path) << content;
  try {
    GtexGct::read(path);
    FAIL() << "accepted: " << content;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path + where), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(GenomeGtexGct, ReadsAndStripsVersions) {
  const std::string path = genome_test::scratch_dir() + "/ok.gct";
  std::ofstream(path) << "#1.2\n2\t3\nName\tDescription\tLiver\tLung\tBrain\n"
                         "ENSG01.5\tA1\t1.5\t0\t2\nENSG02.11_PAR_Y\tB2\t0.25\t3e2\t4\n";
  GtexGct gct = GtexGct::read(path);
  EXPECT_EQ(gct.tissues, (std::vector<std::string>{"Liver", "Lung", "Brain"}));
  ASSERT_EQ(gct.genes.size(), 2u);
  EXPECT_EQ(gct.genes[0].id, "ENSG01");
  EXPECT_EQ(gct.genes[1].id, "ENSG02_PAR_Y");
  EXPECT_EQ(gct.genes[1].description, "B2");
  EXPECT_DOUBLE_EQ(gct.genes[1].tpm[1], 300.0);
}

TEST(GenomeGtexGct, BadInputsNameFileAndLine) {
  expect_gct_error("#1.3\n", ":1:", "#1.2");
  expect_gct_error("#1.2\n1\t3\nName\tDescription\tLiver\tLung\nG\tg\t1\t2\n", ":3:", "header names 2 tissues");
  expect_gct_error("#1.2\n1\t2\nName\tDescription\tLiver\tLung\nG\tg\t1\n", ":4:", "expected 4");
  expect_gct_error("#1.2\n2\t2\nName\tDescription\tLiver\tLung\nG\tg\t1\t2\n", ":2:", "says 2 rows");
  expect_gct_error("#1.2\n1\t2\nName\tDescription\tLiver\tLung\nG\tg\t1\tx\n", ":4: key 'Lung'", "TPM 'x'");
  expect_gct_error("#1.2\n2\t1\nName\tDescription\tLiver\nG.1\tg\t1\nG.2\tg\t1\n", ":5:", "repeats");
  expect_gct_error("#1.2\nx\t1\n", ":2:", "rows 'x'");
}

TEST(GenomeExpressionClasses, PercentileMatchesNumpyLinear) {
  EXPECT_DOUBLE_EQ(linear_percentile({1, 2, 3, 4}, 25), 1.75);  // numpy.percentile([1,2,3,4], 25)
  EXPECT_DOUBLE_EQ(linear_percentile({4, 3, 1, 2}, 75), 3.25);
  EXPECT_DOUBLE_EQ(linear_percentile({7}, 90), 7);
  EXPECT_DOUBLE_EQ(linear_percentile({0, 10}, 100), 10);
}

TEST(GenomeExpressionClasses, KnownHighAndLowSets) {
  const std::string dir = genome_test::scratch_dir();
  // 8 genes x 3 tissues. Per tissue values are a permutation of 1..8 except where noted, so with linear
  // percentiles p75 = 6.25 and p25 = 2.75 in every tissue.
  const std::string gtf = dir + "/genes.gtf";
  {
    std::ofstream out(gtf);
    const char* biotypes[] = {"protein_coding", "protein_coding", "lncRNA", "lncRNA",
                              "protein_coding", "lncRNA", "miRNA", "miRNA"};
    for (int i = 0; i < 8; ++i)
      out << "1\tt\tgene\t" << 1000 * (i + 1) << '\t' << 1000 * (i + 1) + 500 << "\t.\t+\t.\tgene_id \"G" << i
          << ".3\"; gene_type \"" << biotypes[i] << "\";\n";
  }
  const std::string gct = dir + "/tpm.gct";
  genome_test::write_gct(gct, {"T1", "T2", "T3"},
                         {{"G0.1", {8, 7, 8}},   // high everywhere
                          {"G1.1", {7, 8, 7}},   // high everywhere
                          {"G2.1", {1, 2, 1}},   // low everywhere
                          {"G3.1", {2, 1, 6}},   // low in two tissues only -> neither
                          {"G4.1", {3, 3, 3}},
                          {"G5.1", {4, 4, 2}},   // ends up neither
                          {"G6.1", {5, 5, 5}},
                          {"G7.1", {6, 6, 4}},
                          {"GX.1", {0, 0, 0}}}); // not in the GTF: outside the population
  GenomeDatasetsConfig cfg = genome_test::parse_config_text("[genome]\nfasta = \"x.fa\"\ngtf = \"" + gtf +
                                                            "\"\ngct = \"" + gct + "\"\n");
  GtfAnnotation annotation = GtfAnnotation::read(gtf);
  GtexGct table = GtexGct::read(gct);
  ExpressionClasses c = expression_classes(table, annotation, cfg);
  EXPECT_EQ(c.population, 8);
  EXPECT_EQ(c.counts["gct_gene_not_in_gtf"], 1);
  ASSERT_EQ(c.high_threshold.size(), 3u);
  EXPECT_DOUBLE_EQ(c.high_threshold[0], 6.25);
  EXPECT_DOUBLE_EQ(c.low_threshold[0], 2.75);
  EXPECT_EQ(c.high, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(c.low, (std::vector<std::size_t>{2}));

  // Per-biotype TPM statistics (Table 3 of the study): lncRNA genes G2, G3, G5.
  const BiotypeExpression& lnc = c.by_biotype.at("lncRNA");
  EXPECT_EQ(lnc.genes, 3);
  EXPECT_EQ(lnc.values, 9);
  EXPECT_NEAR(lnc.pooled_mean, (1 + 2 + 1 + 2 + 1 + 6 + 4 + 4 + 2) / 9.0, 1e-12);
  EXPECT_NEAR(lnc.per_gene_mean, (4.0 / 3 + 3.0 + 10.0 / 3) / 3, 1e-12);
  // sample sd of pooled lncRNA values
  double m = 23.0 / 9, ss = 0;
  for (double v : {1, 2, 1, 2, 1, 6, 4, 4, 2}) ss += (v - m) * (v - m);
  EXPECT_NEAR(lnc.pooled_sd, std::sqrt(ss / 8), 1e-9);
  EXPECT_NE(expression_stats_tsv(c).find("lncRNA\t3\t9\t"), std::string::npos);

  // Restricting biotypes moves genes out of the classes and counts them.
  GenomeDatasetsConfig only_lnc = cfg;
  only_lnc.task3_biotypes = {"lncRNA"};
  ExpressionClasses d = expression_classes(table, annotation, only_lnc);
  EXPECT_TRUE(d.high.empty());
  EXPECT_EQ(d.counts["high_other_biotype"], 2);
  EXPECT_EQ(d.low, (std::vector<std::size_t>{2}));

}

TEST(GenomeExpressionClasses, ZerosNeedInclusiveLowThreshold) {
  // As in GTEx, many genes have 0 TPM: p25 is 0, nothing is strictly below it, and inclusive_thresholds
  // lets the zeros in.
  const std::string dir = genome_test::scratch_dir();
  const std::string gtf = dir + "/genes.gtf";
  {
    std::ofstream out(gtf);
    for (int i = 0; i < 4; ++i)
      out << "1\tt\tgene\t" << 1000 * (i + 1) << '\t' << 1000 * (i + 1) + 500 << "\t.\t+\t.\tgene_id \"G" << i
          << "\"; gene_biotype \"lncRNA\";\n";
  }
  const std::string gct = dir + "/tpm.gct";
  genome_test::write_gct(gct, {"T1"}, {{"G0", {0}}, {"G1", {0}}, {"G2", {0}}, {"G3", {5}}});
  GenomeDatasetsConfig cfg = genome_test::parse_config_text("[genome]\nfasta = \"x.fa\"\ngtf = \"" + gtf +
                                                            "\"\ngct = \"" + gct + "\"\n");
  GtfAnnotation annotation = GtfAnnotation::read(gtf);
  GtexGct table = GtexGct::read(gct);
  EXPECT_TRUE(expression_classes(table, annotation, cfg).low.empty());
  cfg.inclusive_thresholds = true;
  EXPECT_EQ(expression_classes(table, annotation, cfg).low, (std::vector<std::size_t>{0, 1, 2}));
}

}  // namespace
}  // namespace lnc::data
