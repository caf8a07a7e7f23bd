// The window arithmetic of score-variants (data/variants/variant_window.h) on both strands, checked against alt
// windows written out by hand from the forward genome: SNV, MNV, insertion, deletion up- and downstream of the
// TSS, changes at and across the window's edges, and the VCF-side allele rules (trimming, classification).
#include <gtest/gtest.h>

#include <fstream>

#include "data/genome/fasta_genome.h"
#include "data/random/deterministic_rng.h"
#include "data/variants/variant_window.h"
#include "tests/unit/test_paths.h"

namespace lnc::data {
namespace {

// Window length 60: T = 9. Plus gene, TSS 200: window [191, 250]. Minus gene, TSS 200: window [150, 209].
constexpr std::int64_t kLength = 60;

class VariantWindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DeterministicRng rng(7, "variant_window_test");
    const char bases[] = "ACGT";
    for (int i = 0; i < 400; ++i) chrom_ += bases[rng.below(4)];
    dir_ = test_paths::scratch_dir();
    std::ofstream(dir_ + "/g.fa") << ">c1\n" << chrom_ << "\n";
    genome_ = std::make_unique<FastaGenome>(dir_ + "/g.fa");
  }
  // Forward bases [start, end], 1-based inclusive.
  std::string g(std::int64_t start, std::int64_t end) const {
    return chrom_.substr(static_cast<std::size_t>(start - 1), static_cast<std::size_t>(end - start + 1));
  }
  VariantWindows windows(char strand, std::int64_t pos, const std::string& ref, const std::string& alt) const {
    const GenomicInterval w = promoter_window(200, strand, kLength);
    auto got = variant_windows(*genome_, "c1", w, strand, kLength, trim_change(pos, ref, alt));
    EXPECT_TRUE(got.has_value());
    return got ? *got : VariantWindows{};
  }
  bool in_window(char strand, std::int64_t pos, const std::string& ref, const std::string& alt) const {
    const GenomicInterval w = promoter_window(200, strand, kLength);
    return change_in_window(change_on_strand(trim_change(pos, ref, alt), w, strand), kLength);
  }
  std::string other(char base) const { return base == 'A' ? "C" : "A"; }

  std::string chrom_, dir_;
  std::unique_ptr<FastaGenome> genome_;
};

TEST_F(VariantWindowTest, RefWindowsAreTheBuildersWindows) {
  EXPECT_EQ(windows('+', 195, g(195, 195), other(g(195, 195)[0])).ref, g(191, 250));
  EXPECT_EQ(windows('-', 195, g(195, 195), other(g(195, 195)[0])).ref, reverse_complement(g(150, 209)));
}

TEST_F(VariantWindowTest, SnvOnBothStrands) {
  const std::string ref = g(195, 195), alt = other(ref[0]);
  const VariantWindows plus = windows('+', 195, ref, alt);
  EXPECT_EQ(plus.alt, g(191, 194) + alt + g(196, 250));
  EXPECT_EQ(plus.offset, -5);
  const VariantWindows minus = windows('-', 195, ref, alt);  // 5 bases downstream of a minus-strand TSS at 200
  EXPECT_EQ(minus.alt, reverse_complement(g(150, 194) + alt + g(196, 209)));
  EXPECT_EQ(minus.offset, 5);
  EXPECT_EQ(windows('+', 200, g(200, 200), other(g(200, 200)[0])).offset, 0);  // the TSS itself
  EXPECT_EQ(windows('-', 201, g(201, 201), other(g(201, 201)[0])).offset, -1);
}

TEST_F(VariantWindowTest, MnvKeepsEveryOtherBase) {
  const std::string ref = g(196, 198), alt = other(ref[0]) + ref.substr(1, 1) + other(ref[2]);
  const VariantWindows plus = windows('+', 196, ref, alt);
  EXPECT_EQ(plus.alt, g(191, 195) + alt + g(199, 250));
  EXPECT_EQ(plus.offset, -4);
  const VariantWindows minus = windows('-', 196, ref, alt);
  EXPECT_EQ(minus.alt, reverse_complement(g(150, 195) + alt + g(199, 209)));
  EXPECT_EQ(minus.offset, 200 - 198);  // the first changed base on the minus strand is 198
}

TEST_F(VariantWindowTest, InsertionUpstreamPushesBasesOutAtTheFivePrimeEnd) {
  // VCF style: padding base 195, "GG" inserted between 195 and 196, 4 bases upstream of the plus TSS.
  const VariantWindows plus = windows('+', 195, g(195, 195), g(195, 195) + "GG");
  EXPECT_EQ(plus.alt, g(193, 195) + "GG" + g(196, 250));
  EXPECT_EQ(plus.alt.size(), 60u);
  EXPECT_EQ(plus.offset, -4);
  // Minus strand, upstream is to the right: "AC" inserted between 205 and 206; the window's 5' end (right) gives way.
  const VariantWindows minus = windows('-', 205, g(205, 205), g(205, 205) + "AC");
  EXPECT_EQ(minus.alt, reverse_complement(g(150, 205) + "AC" + g(206, 207)));
  EXPECT_EQ(minus.offset, 200 - 205);
}

TEST_F(VariantWindowTest, DeletionUpstreamPullsBasesInFromUpstream) {
  const VariantWindows plus = windows('+', 195, g(195, 197), g(195, 195));  // deletes 196-197
  EXPECT_EQ(plus.alt, g(189, 195) + g(198, 250));
  EXPECT_EQ(plus.offset, -4);
  const VariantWindows minus = windows('-', 203, g(203, 206), g(203, 203));  // deletes 204-206 upstream of it
  EXPECT_EQ(minus.alt, reverse_complement(g(150, 203) + g(207, 212)));
  EXPECT_EQ(minus.offset, 200 - 206);
}

TEST_F(VariantWindowTest, IndelDownstreamMovesTheThreePrimeEnd) {
  const VariantWindows del = windows('+', 210, g(210, 212), g(210, 210));  // deletes 211-212
  EXPECT_EQ(del.alt, g(191, 210) + g(213, 252));
  EXPECT_EQ(del.offset, 11);
  const VariantWindows ins = windows('+', 210, g(210, 210), g(210, 210) + "TTT");
  EXPECT_EQ(ins.alt, g(191, 210) + "TTT" + g(211, 247));
  const VariantWindows minus = windows('-', 160, g(160, 162), g(160, 160));  // deletes 161-162, downstream on minus
  EXPECT_EQ(minus.alt, reverse_complement(g(148, 160) + g(163, 209)));
  EXPECT_EQ(minus.offset, 200 - 162);
  // The TSS is kept at index 9 in every case.
  for (const auto* w : {&del, &ins})
    EXPECT_EQ(w->alt.substr(0, 10), w->ref.substr(0, 10));
  EXPECT_EQ(minus.alt.substr(0, 10), minus.ref.substr(0, 10));
}

TEST_F(VariantWindowTest, ChangesAtAndAcrossTheWindowsEdges) {
  EXPECT_TRUE(in_window('+', 191, g(191, 191), other(g(191, 191)[0])));
  EXPECT_TRUE(in_window('+', 250, g(250, 250), other(g(250, 250)[0])));
  EXPECT_FALSE(in_window('+', 190, g(190, 190), other(g(190, 190)[0])));
  EXPECT_FALSE(in_window('+', 251, g(251, 251), other(g(251, 251)[0])));
  EXPECT_EQ(windows('+', 191, g(191, 191), other(g(191, 191)[0])).offset, -9);
  EXPECT_EQ(windows('+', 250, g(250, 250), other(g(250, 250)[0])).offset, 50);
  // An insertion between 190 and 191 lies before the window; between 191 and 192 inside it.
  EXPECT_FALSE(in_window('+', 190, g(190, 190), g(190, 190) + "A"));
  EXPECT_TRUE(in_window('+', 191, g(191, 191), g(191, 191) + "A"));
  EXPECT_FALSE(in_window('+', 250, g(250, 250), g(250, 250) + "A"));
  // A deletion of 189-192 reaches 2 bases into the plus window: they go, 2 bases come in from upstream.
  ASSERT_TRUE(in_window('+', 188, g(188, 192), g(188, 188)));
  const VariantWindows across = windows('+', 188, g(188, 192), g(188, 188));
  EXPECT_EQ(across.alt, g(187, 188) + g(193, 250));
  EXPECT_EQ(across.offset, -11);
  // Minus window [150, 209]: 209 is its first base (offset -9), 150 its last (offset 50).
  EXPECT_EQ(windows('-', 209, g(209, 209), other(g(209, 209)[0])).offset, -9);
  EXPECT_EQ(windows('-', 150, g(150, 150), other(g(150, 150)[0])).offset, 50);
  EXPECT_FALSE(in_window('-', 210, g(210, 210), other(g(210, 210)[0])));
}

TEST_F(VariantWindowTest, NoAltWindowPastTheChromosomesEnd) {
  // A plus window at the chromosome's start: [1, 60] for TSS 10; a deletion upstream needs bases before base 1.
  const GenomicInterval w = promoter_window(10, '+', kLength);
  ASSERT_EQ(w.start, 1);
  EXPECT_FALSE(variant_windows(*genome_, "c1", w, '+', kLength, trim_change(2, g(2, 4), g(2, 2))).has_value());
  EXPECT_TRUE(variant_windows(*genome_, "c1", w, '+', kLength, trim_change(2, g(2, 2), "T" == g(2, 2) ? "A" : "T")).has_value());
}

TEST(VariantAllele, TrimsPaddingAndClassifies) {
  EXPECT_EQ(classify_allele("A", "G"), AlleleKind::snv);
  EXPECT_EQ(classify_allele("AC", "GT"), AlleleKind::mnv);
  EXPECT_EQ(classify_allele("A", "ATT"), AlleleKind::insertion);
  EXPECT_EQ(classify_allele("ATT", "A"), AlleleKind::deletion);
  EXPECT_EQ(classify_allele("ATT", "GC"), AlleleKind::complex);
  EXPECT_EQ(classify_allele("A", "<DEL>"), AlleleKind::symbolic);
  EXPECT_EQ(classify_allele("A", "A[2:100["), AlleleKind::breakend);
  EXPECT_EQ(classify_allele("A", ".A"), AlleleKind::breakend);
  EXPECT_EQ(classify_allele("A", "*"), AlleleKind::spanning_deletion);
  EXPECT_EQ(classify_allele("A", "."), AlleleKind::no_alt);
  EXPECT_EQ(classify_allele("A", "A"), AlleleKind::identical);
  const TrimmedChange ins = trim_change(100, "A", "ATT");
  EXPECT_EQ(ins.pos, 101);
  EXPECT_EQ(ins.ref, "");
  EXPECT_EQ(ins.alt, "TT");
  const TrimmedChange del = trim_change(100, "CAGT", "CT");  // suffix T, then prefix C: "AG" deleted at 101
  EXPECT_EQ(del.pos, 101);
  EXPECT_EQ(del.ref, "AG");
  EXPECT_EQ(del.alt, "");
  EXPECT_EQ(trim_change(5, "ACG", "TCG").ref, "A");
}

}  // namespace
}  // namespace lnc::data
