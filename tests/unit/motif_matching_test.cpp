// results/motifs: TOMTOM-like scores against hand-computed values on small PWMs, empirical p-values, BH q-values,
// the three database readers on small files (and on a tiny SQLite in pyjaspar's schema), seqlets and clustering
// on a planted motif, the hypergeometric tail, logos and the bedGraph coordinates.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "base/input_error.h"
#include "results/motifs/motif_database.h"
#include "results/motifs/motif_discovery.h"
#include "results/motifs/motif_matching.h"
#include "results/motifs/sequence_logo.h"
#include "results/tracks/bedgraph_tracks.h"
#include "tests/unit/test_paths.h"

namespace lnc::results::motifs {
namespace {

Pwm one_hot(const std::string& bases) {
  Pwm p;
  for (char b : bases) {
    Column c{};
    c[static_cast<std::size_t>(base_index(b))] = 1;
    p.columns.push_back(c);
  }
  return p;
}

void write_text(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

TEST(MotifMatching, ColumnCorrelationByHand) {
  EXPECT_DOUBLE_EQ(column_correlation({1, 0, 0, 0}, {1, 0, 0, 0}), 1.0);
  // One-hot on different bases: centred (.75,-.25,-.25,-.25) . (-.25,-.25,.75,-.25) = -.25 over .75.
  EXPECT_NEAR(column_correlation({1, 0, 0, 0}, {0, 0, 1, 0}), -1.0 / 3.0, 1e-12);
  // (.5,.5,0,0) vs (1,0,0,0): .25 / sqrt(.25 x .75) = 1/sqrt(3).
  EXPECT_NEAR(column_correlation({0.5, 0.5, 0, 0}, {1, 0, 0, 0}), 1.0 / std::sqrt(3.0), 1e-12);
  EXPECT_EQ(column_correlation({0.25, 0.25, 0.25, 0.25}, {1, 0, 0, 0}), 0.0);  // no variance
}

TEST(MotifMatching, AlignmentOverOffsetsAndStrandsByHand) {
  // Same two columns: offset 0, forward; the reverse strand (G, T) would score -1/3.
  auto a = align(one_hot("AC"), one_hot("AC"));
  EXPECT_DOUBLE_EQ(a.similarity, 1.0);
  EXPECT_EQ(a.offset, 0);
  EXPECT_FALSE(a.reverse);
  // Query ACGTA, target CGTA: overlaps of 4 at offsets 0 (all mismatched, 4 x -1/3 / 5) and 1 (all matched: 4 / 5,
  // the query's fifth column unexplained).
  a = align(one_hot("ACGTA"), one_hot("CGTA"));
  EXPECT_DOUBLE_EQ(a.similarity, 0.8);
  EXPECT_EQ(a.offset, 1);
  // Target longer than the query: ACGT inside GGACGT at offset -2.
  a = align(one_hot("ACGT"), one_hot("GGACGT"));
  EXPECT_DOUBLE_EQ(a.similarity, 1.0);
  EXPECT_EQ(a.offset, -2);
  // The reverse strand: AAGG's reverse complement is CCTT.
  a = align(one_hot("CCTT"), one_hot("AAGG"));
  EXPECT_DOUBLE_EQ(a.similarity, 1.0);
  EXPECT_TRUE(a.reverse);
  // Half the columns match: (1 + 1 + (-1/3) + (-1/3)) / 4 = 1/3 (the best of all offsets and strands here).
  a = align(one_hot("ACGT"), one_hot("ACTG"));
  EXPECT_NEAR(a.similarity, 1.0 / 3.0, 1e-12);
}

TEST(MotifMatching, QValuesAreBenjaminiHochberg) {
  const auto q = bh_q_values({0.01, 0.04, 0.03, 0.5});
  EXPECT_NEAR(q[0], 0.04, 1e-12);
  EXPECT_NEAR(q[1], 0.04 * 4 / 3, 1e-12);
  EXPECT_NEAR(q[2], 0.04 * 4 / 3, 1e-12);  // 0.06 lowered to the next rank's value
  EXPECT_NEAR(q[3], 0.5, 1e-12);
}

TEST(MotifMatching, EmpiricalPValueAgainstShuffledColumnsAndRankSlices) {
  std::vector<KnownMotif> db = {{"M1", "flat", one_hot("AAAAAA")}, {"M2", "target", one_hot("ACGTTG")},
                                {"M3", "other", one_hot("GGCCAT")}};
  const Pwm query = one_hot("ACGTTG");
  MatchOptions o;
  o.shuffles = 7;
  o.keep = 3;
  const auto m = match_database({query}, db, o);
  ASSERT_EQ(m.size(), 1u);
  ASSERT_EQ(m[0].size(), 3u);
  EXPECT_EQ(m[0][0].id, "M2");
  EXPECT_DOUBLE_EQ(m[0][0].similarity, 1.0);
  // p by hand from the pooled null: 21 shuffled scores.
  std::vector<double> null;
  for (std::size_t d = 0; d < db.size(); ++d)
    for (int s = 0; s < o.shuffles; ++s) null.push_back(align(query, shuffled_columns(db[d].pwm, o.seed, d, s)).similarity);
  double at_least = 0;
  for (double v : null) at_least += v >= 1.0 - 1e-12;
  EXPECT_DOUBLE_EQ(m[0][0].p_value, (1 + at_least) / (1 + 21.0));
  // Two ranks, each scoring its slice of the database, joined by the gather: the same matches as one rank.
  std::vector<double> slice1;
  const std::size_t total = 1 * db.size() * (1 + static_cast<std::size_t>(o.shuffles));
  (void)match_database({query}, db, o, 1, 2, [&](const std::vector<double>& mine) {
    slice1 = mine;
    return std::vector<double>(total, 0.0);
  });
  const auto two = match_database({query}, db, o, 0, 2, [&](const std::vector<double>& mine) {
    auto all = mine;
    all.insert(all.end(), slice1.begin(), slice1.end());
    return all;
  });
  ASSERT_EQ(two[0].size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(two[0][k].id, m[0][k].id);
    EXPECT_EQ(two[0][k].p_value, m[0][k].p_value);
    EXPECT_EQ(two[0][k].q_value, m[0][k].q_value);
  }
}

TEST(MotifDatabase, JasparAndMemeFilesAndTheirErrors) {
  const std::string dir = test_paths::scratch_dir();
  write_text(dir + "/m.jaspar", ">MA0001.1 AGL3\nA [ 0 3 79 ]\nC [ 94 75 4 ]\nG [ 1 0 3 ]\nT [ 2 19 11 ]\n");
  auto db = read_motif_database(dir + "/m.jaspar");
  ASSERT_EQ(db.size(), 1u);
  EXPECT_EQ(db[0].id, "MA0001.1");
  EXPECT_EQ(db[0].name, "AGL3");
  ASSERT_EQ(db[0].pwm.size(), 3u);
  EXPECT_NEAR(db[0].pwm.columns[0][1], (94 + 0.2) / (97 + 0.8), 1e-12);  // pseudocount 0.2 per base
  write_text(dir + "/m.meme", "MEME version 4\n\nALPHABET= ACGT\n\nMOTIF X1 name one\nletter-probability matrix: "
                              "alength= 4 w= 2 nsites= 2\n 0.5 0.5 0 0\n 0 0 0 1\n");
  db = read_motif_database(dir + "/m.meme");
  ASSERT_EQ(db.size(), 1u);
  EXPECT_EQ(db[0].name, "name one");
  EXPECT_DOUBLE_EQ(db[0].pwm.columns[1][3], 1.0);
  write_text(dir + "/bad.jaspar", ">MA1 X\nA [ 1 2 ]\nC [ 1 x ]\nG [ 1 2 ]\nT [ 1 2 ]\n");
  try {
    read_motif_database(dir + "/bad.jaspar");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(":3:"), std::string::npos) << e.what();
  }
}

TEST(MotifDiscovery, HypergeometricTailByHand) {
  // 4 windows, 2 positive, 2 hits both positive: C(2,2)C(2,0)/C(4,2) = 1/6.
  EXPECT_NEAR(hypergeometric_upper_tail(2, 4, 2, 2), 1.0 / 6.0, 1e-12);
  EXPECT_NEAR(hypergeometric_upper_tail(0, 4, 2, 2), 1.0, 1e-12);
}

TEST(MotifDiscovery, PlantedMotifIsFoundAtItsPlace) {
  // 60 windows of 80 bp, pseudo-random DNA; positives carry TGACTCAG at base 20 and score it.
  std::vector<ImportanceWindow> w(60);
  std::uint64_t x = 12345;
  auto next = [&] { x = x * 6364136223846793005ULL + 1442695040888963407ULL; return "ACGT"[(x >> 33) % 4]; };
  for (std::size_t i = 0; i < w.size(); ++i) {
    for (int p = 0; p < 80; ++p) w[i].dna.push_back(next());
    w[i].label = i % 2;
    if (w[i].label == 1) {
      w[i].dna.replace(20, 8, "TGACTCAG");
      w[i].scores.assign(80, 0.0f);
      for (int p = 20; p < 28; ++p) w[i].scores[static_cast<std::size_t>(p)] = 1.0f;
      w[i].scores[static_cast<std::size_t>(50 + i % 20)] = 0.3f;  // noise
    }
  }
  const DiscoveryOptions o;
  const auto seqlets = find_seqlets(w, o);
  EXPECT_GE(seqlets.size(), 30u);
  const auto motifs = discover_motifs(w, seqlets, o);
  ASSERT_FALSE(motifs.empty());
  const auto c = consensus(motifs[0].pwm);
  EXPECT_TRUE(c.find("TGACTCAG") != std::string::npos || c.find("CTGAGTCA") != std::string::npos) << c;
  EXPECT_GE(motifs[0].sites.size(), 25u);
  EXPECT_GT(motifs[0].enrichment, 5);
  EXPECT_LT(motifs[0].p_value, 1e-6);
  EXPECT_NEAR(motifs[0].mean_offset_from_tss, 20 - (80 - 51), 1.0);
  const std::string dir = test_paths::scratch_dir();
  write_sequence_logo(motifs[0].pwm, "test", dir + "/logo.png");
  std::ifstream png(dir + "/logo.png", std::ios::binary);
  char magic[4] = {};
  png.read(magic, 4);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
}

TEST(BedGraphTracks, StrandAwareCoordinates) {
  const std::string dir = test_paths::scratch_dir();
  write_text(dir + "/test.csv",
             "sequence,label,gene_id,gene_name,biotype,chrom,tss,strand\n"
             "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,1,g1,\"a,b\",lncRNA,chr1,1000,+\n"
             "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,0,g2,n,lncRNA,chr2,500,-\n"
             "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,0,g3,n,lncRNA,,,\n");
  const auto genome = tracks::read_genomic_rows(dir + "/test.csv");
  ASSERT_EQ(genome.size(), 3u);
  EXPECT_FALSE(genome[2].placed);
  // 54-base windows: base p at offset p - 3; + strand: position 1000 + p - 3; - strand: 500 - (p - 3).
  std::vector<ImportanceRecord> rows(3);
  for (int i = 0; i < 3; ++i) {
    rows[static_cast<std::size_t>(i)].sample = i;
    rows[static_cast<std::size_t>(i)].scores.assign(54, 0.0f);
    rows[static_cast<std::size_t>(i)].scores[3] = 7.0f;  // the TSS base
    rows[static_cast<std::size_t>(i)].scores[4] = 1.0f;
  }
  const auto t = tracks::write_bedgraph_tracks(rows, genome, "t", dir, "imp");
  EXPECT_EQ(t.rows, 2u);
  EXPECT_EQ(t.skipped, 1u);
  std::ifstream plus(dir + "/imp.plus.bedGraph"), minus(dir + "/imp.minus.bedGraph");
  std::string line, text;
  while (std::getline(plus, line)) text += line + "\n";
  EXPECT_NE(text.find("chr1\t999\t1000\t7\n"), std::string::npos) << text;   // TSS 1000 (1-based) = [999, 1000)
  EXPECT_NE(text.find("chr1\t1000\t1001\t1\n"), std::string::npos);          // one base downstream on +
  text.clear();
  while (std::getline(minus, line)) text += line + "\n";
  EXPECT_NE(text.find("chr2\t499\t500\t7\n"), std::string::npos) << text;
  EXPECT_NE(text.find("chr2\t498\t499\t1\n"), std::string::npos);            // downstream on - is leftwards
}

}  // namespace
}  // namespace lnc::results::motifs
