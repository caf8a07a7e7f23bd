// Promoter windows on both strands against an independent faidx fetch, and the sequence shuffles.
#include <gtest/gtest.h>
#include <htslib/faidx.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "data/genome/genome_context.h"
#include "data/genome/promoter_rows.h"
#include "data/genome/promoter_window.h"
#include "data/genome/sequence_shuffle.h"
#include "tests/unit/genome_test_support.h"
#include "tests/unit/test_paths.h"

namespace lnc::data {
namespace {

TEST(GenomePromoterWindow, CoordinatesFollowGue) {
  // GUE 300 bp: 249 upstream + TSS + 50 downstream.
  GenomicInterval plus = promoter_window(1000, '+', 300);
  EXPECT_EQ(plus.start, 751);
  EXPECT_EQ(plus.end, 1050);
  GenomicInterval minus = promoter_window(1000, '-', 300);
  EXPECT_EQ(minus.start, 950);
  EXPECT_EQ(minus.end, 1249);
  EXPECT_EQ(window_anchor(plus, '+'), 1000);
  EXPECT_EQ(window_anchor(minus, '-'), 1000);
  EXPECT_EQ(promoter_window(5000, '+', 2000).start, 5000 - 1949);
  EXPECT_EQ(reverse_complement("AACGTN"), "NACGTT");
  std::string s = "ACRYNT";
  EXPECT_EQ(normalise_ambiguous(s), 3);
  EXPECT_EQ(s, "ACNNNT");
}

// Independent of FastaGenome: raw faidx, 0-based, hand upper-casing and reverse complement.
std::string independent_window(faidx_t* fai, const std::string& chrom, std::int64_t tss, char strand, int l) {
  std::int64_t start = strand == '+' ? tss - (l - 51) : tss - 50;  // 1-based
  std::int64_t end = strand == '+' ? tss + 50 : tss + (l - 51);
  hts_pos_t len = 0;
  char* raw = faidx_fetch_seq64(fai, chrom.c_str(), start - 1, end - 1, &len);
  std::string s(raw, static_cast<std::size_t>(len));
  std::free(raw);
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (strand == '-') {
    std::reverse(s.begin(), s.end());
    for (char& c : s) c = c == 'A' ? 'T' : c == 'T' ? 'A' : c == 'C' ? 'G' : c == 'G' ? 'C' : 'N';
  }
  return s;
}

TEST(GenomePromoterWindow, BothStrandsMatchIndependentFetch) {
  const std::string dir = genome_test::scratch_dir();
  const std::string fasta = dir + "/genome.fa";
  genome_test::write_random_fasta(fasta, genome_test::excerpt_chromosomes(), 7);
  GenomeDatasetsConfig cfg = genome_test::parse_config_text(
      "[genome]\nfasta = \"" + fasta + "\"\ngtf = \"" + genome_test::ensembl_gtf() + "\"\ntasks = [\"task4\"]\n");
  GenomeContext ctx(cfg, dir + "/idx");
  std::vector<PromoterCandidate> all;
  for (std::size_t i = 0; i < ctx.gtf.genes().size(); ++i) all.push_back({i, i % 2 == 0 ? 1 : 0});
  faidx_t* fai = fai_load(fasta.c_str());
  ASSERT_NE(fai, nullptr);
  for (int l : {300, 2000}) {
    SkipCounts skips;
    std::vector<DatasetRow> rows = promoter_rows(ctx, all, l, skips);
    int plus = 0, minus = 0;
    for (const DatasetRow& r : rows) {
      ASSERT_EQ(r.sequence.size(), static_cast<std::size_t>(l));
      EXPECT_EQ(r.sequence, independent_window(fai, "1", r.tss, r.strand, l)) << r.gene_id << " " << r.strand;
      (r.strand == '+' ? plus : minus)++;
    }
    EXPECT_GT(plus, 10);
    EXPECT_GT(minus, 10);
    std::int64_t skipped = 0;
    for (const auto& [reason, n] : skips) skipped += n;
    EXPECT_EQ(static_cast<std::int64_t>(rows.size()) + skipped, 84) << "every gene is either a row or counted";
    if (l == 2000) EXPECT_GE(skips["too_many_n"], 1);  // DDX11L1 at 11869 reaches into the N run 1..10000
  }
  fai_destroy(fai);
}

TEST(GenomePromoterWindow, GeneStartRuleUsesGeneRecord) {
  const std::string dir = genome_test::scratch_dir();
  const std::string fasta = dir + "/genome.fa";
  genome_test::write_random_fasta(fasta, genome_test::excerpt_chromosomes("chr1"), 9);
  GenomeDatasetsConfig cfg = genome_test::parse_config_text("[genome]\nfasta = \"" + fasta + "\"\ngtf = \"" +
                                                            genome_test::ensembl_gtf() +
                                                            "\"\ntasks = [\"task4\"]\ntss_rule = \"gene_start\"\n");
  GenomeContext ctx(cfg, dir + "/idx");  // GTF "1" reconciled onto FASTA "chr1"
  for (std::size_t i = 0; i < ctx.gtf.genes().size(); ++i) {
    const GtfGene& g = ctx.gtf.genes()[i];
    EXPECT_EQ(ctx.tss[i].position, g.strand == '-' ? g.end : g.start);
    EXPECT_EQ(ctx.fasta_chrom(g), "chr1");
  }
}

std::map<std::string, int> dinucleotides(const std::string& s) {
  std::map<std::string, int> n;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) ++n[s.substr(i, 2)];
  return n;
}

TEST(GenomeSequenceShuffle, UniformKeepsCompositionAndIsSeeded) {
  const std::string s = "AAAAACCCGGGTTTTTTTTACGTACGTNNACGT";
  DeterministicRng a(5), b(5), c(6);
  std::string x = uniform_shuffle(s, a), y = uniform_shuffle(s, b), z = uniform_shuffle(s, c);
  EXPECT_EQ(x, y);
  EXPECT_NE(x, z);
  EXPECT_NE(x, s);
  std::string sorted_s = s, sorted_x = x;
  std::sort(sorted_s.begin(), sorted_s.end());
  std::sort(sorted_x.begin(), sorted_x.end());
  EXPECT_EQ(sorted_s, sorted_x);
}

TEST(GenomeSequenceShuffle, DinucleotideKeepsPairCountsAndEnds) {
  DeterministicRng seq_rng(11);
  std::string s;
  for (int i = 0; i < 300; ++i) s += "ACGT"[seq_rng.below(4)];
  s[17] = 'N';
  DeterministicRng rng(3);
  int differing = 0;
  for (int trial = 0; trial < 50; ++trial) {
    std::string t = dinucleotide_shuffle(s, rng);
    ASSERT_EQ(t.size(), s.size());
    EXPECT_EQ(dinucleotides(t), dinucleotides(s));
    EXPECT_EQ(t.front(), s.front());
    EXPECT_EQ(t.back(), s.back());
    differing += t != s;
  }
  EXPECT_EQ(differing, 50);
  DeterministicRng r1(8), r2(8);
  EXPECT_EQ(dinucleotide_shuffle(s, r1), dinucleotide_shuffle(s, r2));
  DeterministicRng r3(1);
  EXPECT_EQ(dinucleotide_shuffle("AC", r3), "AC");
}

TEST(GenomeSequenceShuffle, DinucleotideShuffleIsUniformOnATinyCase) {
  // "AABAB" has dinucleotides AA, AB, BA, AB; the sequences starting with A, ending with B and keeping them
  // are AABAB and ABAAB: each must come up about half the time.
  DeterministicRng rng(21);
  std::map<std::string, int> seen;
  for (int i = 0; i < 4000; ++i) ++seen[dinucleotide_shuffle("AABAB", rng)];
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_NEAR(seen["AABAB"], 2000, 200);
  EXPECT_NEAR(seen["ABAAB"], 2000, 200);
}

TEST(GenomeDeterministicRng, FixedOutputAndUnbiasedBelow) {
  // Reference values from an independent Python transcription of splitmix64 + xoshiro256**.
  DeterministicRng a(42);
  EXPECT_EQ(a.next(), 1546998764402558742ULL);
  EXPECT_EQ(a.next(), 6990951692964543102ULL);
  EXPECT_EQ(a.next(), 12544586762248559009ULL);
  DeterministicRng c(42, "x"), d(42, "y");
  EXPECT_NE(c.next(), d.next());
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 30000; ++i) ++counts[a.below(3)];
  for (int n : counts) EXPECT_NEAR(n, 10000, 500);
}

}  // namespace
}  // namespace lnc::data
