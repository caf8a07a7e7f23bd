// GTF parsing against the shipped real Ensembl and GENCODE excerpts, TSS choice, and malformed input.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "data/genome/gene_tss.h"
#include "data/genome/gtf_annotation.h"
#include "tests/unit/genome_test_support.h"
#include "tests/unit/test_paths.h"

namespace lnc::data {
namespace {

std::map<std::string, int> biotype_counts(const GtfAnnotation& gtf) {
  std::map<std::string, int> n;
  for (const auto& g : gtf.genes()) ++n[g.biotype];
  return n;
}

TEST(GenomeAnnotation, EnsemblExcerptGenesAndBiotypes) {
  GtfAnnotation gtf = GtfAnnotation::read(genome_test::ensembl_gtf());
  EXPECT_EQ(gtf.genes().size(), 84u);
  EXPECT_EQ(gtf.transcripts().size(), 280u);
  auto n = biotype_counts(gtf);
  EXPECT_EQ(n["lncRNA"], 28);
  EXPECT_EQ(n["protein_coding"], 14);
  EXPECT_EQ(n["miRNA"], 7);
  EXPECT_EQ(gtf.chromosomes(), std::vector<std::string>{"1"});
  const GtfGene& first = gtf.genes().front();
  EXPECT_EQ(first.id, "ENSG00000223972");
  EXPECT_EQ(first.name, "DDX11L1");
  EXPECT_EQ(first.start, 11869);
  EXPECT_EQ(first.end, 14409);
  EXPECT_EQ(first.strand, '+');
  EXPECT_EQ(first.transcripts.size(), 2u);
  EXPECT_TRUE(gtf.transcripts()[first.transcripts[0]].has_tag("basic"));
}

TEST(GenomeAnnotation, GencodeGeneTypeAndVersionedIds) {
  GtfAnnotation gtf = GtfAnnotation::read(genome_test::gencode_gtf());
  EXPECT_EQ(gtf.genes().size(), 119u);
  EXPECT_EQ(gtf.transcripts().size(), 470u);
  auto n = biotype_counts(gtf);
  EXPECT_EQ(n["protein_coding"], 37);
  EXPECT_EQ(n["lincRNA"], 23);
  EXPECT_EQ(n["antisense"], 6);
  EXPECT_EQ(n[""], 0);  // every gene got its gene_type
  const GtfGene& first = gtf.genes().front();
  EXPECT_EQ(first.id, "ENSG00000223972.5");
  EXPECT_EQ(first.unversioned_id, "ENSG00000223972");
  EXPECT_EQ(gtf.chromosomes(), std::vector<std::string>{"chr1"});
}

TEST(GenomeAnnotation, StripGeneVersion) {
  EXPECT_EQ(strip_gene_version("ENSG00000223972.5"), "ENSG00000223972");
  EXPECT_EQ(strip_gene_version("ENSG00000182378.14_PAR_Y"), "ENSG00000182378_PAR_Y");
  EXPECT_EQ(strip_gene_version("ENSG00000223972"), "ENSG00000223972");
  EXPECT_EQ(strip_gene_version("weird.name"), "weird.name");
}

TEST(GenomeAnnotation, CanonicalTranscriptTiers) {
  const std::string dir = genome_test::scratch_dir();
  const std::string path = dir + "/tiers.gtf";
  std::ofstream(path) << "# tiers\n"
      "c\tt\tgene\t100\t900\t.\t-\t.\tgene_id \"G1\"; gene_type \"lncRNA\";\n"
      "c\tt\ttranscript\t100\t800\t.\t-\t.\tgene_id \"G1\"; transcript_id \"T_long\"; tag \"basic\";\n"
      "c\tt\ttranscript\t200\t700\t.\t-\t.\tgene_id \"G1\"; transcript_id \"T_appris\"; tag \"basic\"; tag \"appris_principal_2\";\n"
      "c\tt\ttranscript\t300\t650\t.\t-\t.\tgene_id \"G1\"; transcript_id \"T_appris1\"; tag \"appris_principal_1\";\n"
      "c\tt\tgene\t1000\t2000\t.\t+\t.\tgene_id \"G2\"; gene_biotype \"protein_coding\";\n"
      "c\tt\ttranscript\t1000\t2000\t.\t+\t.\tgene_id \"G2\"; transcript_id \"T_a\"; tag \"MANE_Select\";\n"
      "c\tt\ttranscript\t1500\t1900\t.\t+\t.\tgene_id \"G2\"; transcript_id \"T_b\"; tag \"Ensembl_canonical\";\n"
      "c\tt\ttranscript\t5000\t5100\t.\t+\t.\tgene_id \"G3\"; transcript_id \"T_c\";\n"
      "c\tt\ttranscript\t4900\t5050\t.\t+\t.\tgene_id \"G3\"; transcript_id \"T_d\";\n";
  GtfAnnotation gtf = GtfAnnotation::read(path);
  ASSERT_EQ(gtf.genes().size(), 3u);
  GeneTss g1 = gene_tss(gtf, gtf.genes()[0], TssRule::canonical_transcript);
  EXPECT_EQ(g1.transcript_id, "T_appris1");  // appris_principal_1 beats _2 and plain basic
  EXPECT_EQ(g1.position, 650);               // minus strand: transcript end
  GeneTss g2 = gene_tss(gtf, gtf.genes()[1], TssRule::canonical_transcript);
  EXPECT_EQ(g2.transcript_id, "T_b");
  EXPECT_EQ(g2.position, 1500);
  EXPECT_EQ(g2.tier, "Ensembl_canonical");
  EXPECT_EQ(gene_tss(gtf, gtf.genes()[0], TssRule::gene_start).position, 900);
  // Gene made from transcripts only: span covers both, tier "any" picks the longest.
  EXPECT_EQ(gtf.genes()[2].start, 4900);
  EXPECT_EQ(gtf.genes()[2].end, 5100);
  EXPECT_EQ(gene_tss(gtf, gtf.genes()[2], TssRule::canonical_transcript).transcript_id, "T_d");
}

void expect_gtf_error(const std::string& body, const std::string& needle) {
  const std::string path = genome_test::scratch_dir() + "/bad.gtf";
  std::ofstream(path) << "#!genome-build GRCh38\n"
                         "1\tt\tgene\t10\t20\t.\t+\t.\tgene_id \"G\"; gene_biotype \"lncRNA\";\n"
                      << body;
  try {
    GtfAnnotation::read(path);
    FAIL() << "no error for " << body;
  } catch (const InputError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find(path + ":3:"), std::string::npos) << what;
    EXPECT_NE(what.find(needle), std::string::npos) << what;
  }
}

TEST(GenomeAnnotation, MalformedLinesNameFileAndLine) {
  expect_gtf_error("1\tt\ttranscript\t10\t20\t.\t+\n", "7 tab-separated fields");
  expect_gtf_error("1\tt\texon\tx10\t20\t.\t+\t.\tgene_id \"G\";\n", "start 'x10'");
  expect_gtf_error("1\tt\texon\t30\t20\t.\t+\t.\tgene_id \"G\";\n", "before start");
  expect_gtf_error("1\tt\texon\t10\t20\t.\t*\t.\tgene_id \"G\";\n", "strand");
  expect_gtf_error("1\tt\ttranscript\t10\t20\t.\t+\t.\tgene_id \"G; transcript_id \"T\";\n", "GTF attributes");
  expect_gtf_error("1\tt\tgene\t10\t20\t.\t+\t.\tgene_id \"G2\"; gene_name \"unterminated;\n", "unterminated quote");
  expect_gtf_error("1\tt\ttranscript\t10\t20\t.\t+\t.\ttranscript_id \"T\";\n", "without gene_id");
  expect_gtf_error("1\tt\ttranscript\t10\t20\t.\t+\t.\tgene_id \"G\";\n", "without transcript_id");
}

TEST(GenomeAnnotation, MissingFileIsInputError) {
  EXPECT_THROW(GtfAnnotation::read(genome_test::scratch_dir() + "/absent.gtf"), InputError);
}

}  // namespace
}  // namespace lnc::data
