// FastaGenome: index building, plain and bgzip FASTA, name reconciliation, and errors.
#include <gtest/gtest.h>
#include <htslib/bgzf.h>

#include <filesystem>
#include <fstream>

#include "data/genome/fasta_genome.h"
#include "base/atomic_file.h"
#include "tests/unit/genome_test_support.h"
#include "tests/unit/test_paths.h"

namespace lnc::data {
namespace {

std::string write_small_fasta(const std::string& dir) {
  const std::string path = dir + "/small.fa";
  std::ofstream(path) << ">chr1 desc\nACGTACGTAC\nGTacgtNNAA\nTT\n>chrM\nGATTACA\n>chrX\nCCCC\n";
  return path;
}

TEST(GenomeFasta, BuildsIndexAndFetchesUppercase) {
  const std::string dir = genome_test::scratch_dir();
  const std::string path = write_small_fasta(dir);
  FastaGenome g(path);
  EXPECT_TRUE(std::filesystem::exists(path + ".fai"));
  EXPECT_EQ(g.names(), (std::vector<std::string>{"chr1", "chrM", "chrX"}));
  EXPECT_EQ(g.length("chr1"), 22);
  EXPECT_EQ(g.fetch("chr1", 1, 4), "ACGT");
  EXPECT_EQ(g.fetch("chr1", 9, 18), "ACGTACGTNN");  // across a line break, soft mask upper-cased
  EXPECT_EQ(g.fetch("chr1", 22, 22), "T");
  EXPECT_THROW(g.fetch("chr1", 20, 23), InputError);
  EXPECT_THROW(g.fetch("chr1", 0, 3), InputError);
  EXPECT_THROW(g.length("chr2"), InputError);
}

TEST(GenomeFasta, ReconcilesEnsemblAndUcscNames) {
  const std::string dir = genome_test::scratch_dir();
  FastaGenome g(write_small_fasta(dir));
  ChromosomeMatch m = g.reconcile({"1", "MT", "X", "chr1", "7", "KI270728.1", "7"});
  EXPECT_EQ(m.to_fasta.at("1"), "chr1");
  EXPECT_EQ(m.to_fasta.at("MT"), "chrM");
  EXPECT_EQ(m.to_fasta.at("X"), "chrX");
  EXPECT_EQ(m.to_fasta.at("chr1"), "chr1");
  EXPECT_EQ(m.unmatched, (std::vector<std::string>{"7", "KI270728.1"}));

  const std::string ens = dir + "/ensembl.fa";
  std::ofstream(ens) << ">1\nACGT\n>MT\nGG\n";
  FastaGenome e(ens);
  EXPECT_EQ(e.fasta_name_for("chr1"), "1");
  EXPECT_EQ(e.fasta_name_for("chrM"), "MT");
  EXPECT_EQ(e.fasta_name_for("chr2"), "");
}

TEST(GenomeFasta, BgzipWorksAndPlainGzipIsRejected) {
  const std::string dir = genome_test::scratch_dir();
  const std::string plain = write_small_fasta(dir);
  const std::string content = read_file(plain);
  // bgzip through htslib's own writer
  const std::string bgz = dir + "/small.fa.gz";
  BGZF* fp = bgzf_open(bgz.c_str(), "w");
  ASSERT_NE(fp, nullptr);
  ASSERT_EQ(bgzf_write(fp, content.data(), content.size()), static_cast<ssize_t>(content.size()));
  ASSERT_EQ(bgzf_close(fp), 0);
  FastaGenome g(bgz);
  EXPECT_TRUE(std::filesystem::exists(bgz + ".gzi"));
  EXPECT_EQ(g.fetch("chr1", 9, 18), "ACGTACGTNN");
  EXPECT_EQ(g.fetch("chrM", 1, 7), "GATTACA");

  const std::string gz = dir + "/plain.fa.gz";
  ASSERT_EQ(std::system(("gzip -c " + plain + " > " + gz).c_str()), 0);
  try {
    FastaGenome bad(gz);
    FAIL() << "plain gzip accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bgzip"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(gz), std::string::npos) << e.what();
  }
}

TEST(GenomeFasta, IndexGoesToIndexDirWhenItCannotBeWrittenBesideTheFasta) {
  const std::string dir = genome_test::scratch_dir();
  const std::string path = write_small_fasta(dir);
  std::filesystem::create_directories(path + ".fai");  // blocks the .fai next to the FASTA (root ignores modes)
  EXPECT_THROW(FastaGenome g(path), InputError);
  FastaGenome g(path, dir + "/index");
  EXPECT_TRUE(std::filesystem::is_regular_file(dir + "/index/small.fa.fai"));
  EXPECT_EQ(g.fetch("chrX", 1, 4), "CCCC");
  FastaGenome again(path, dir + "/index");  // reuses the index built there
  EXPECT_EQ(again.length("chr1"), 22);
}

TEST(GenomeFasta, MissingOrMalformedFasta) {
  const std::string dir = genome_test::scratch_dir();
  EXPECT_THROW(FastaGenome(dir + "/absent.fa"), InputError);
  const std::string ragged = dir + "/ragged.fa";
  std::ofstream(ragged) << ">a\nACGTACGT\nAC\nACGTACGT\n";
  EXPECT_THROW(FastaGenome g(ragged), InputError);
}

}  // namespace
}  // namespace lnc::data
