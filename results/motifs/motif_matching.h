#pragma once
// Matching discovered PWMs against known ones, TOMTOM-like (Gupta et al. 2007), in plain C++.
//
// Similarity of a query Q (m columns) and a target T (n columns): for both strands of T (T and its reverse
// complement) and every offset at which at least min(4, m, n) columns overlap, the sum over the overlapping
// columns of the Pearson correlation of the two columns' four probabilities (0 for a column with no variance, a
// uniform one), divided by the query's length m. The best alignment over offsets and strands is the similarity
// (at most 1: every query column matched; query columns no target column covers count 0, so a short database
// motif cannot explain a long query by matching a part of it: dividing by min(m, n) instead made 6-column
// matrices win against the 19 of CTCF in the recovery test). Offset: the query column aligned with the target's
// first column (negative: the target starts before).
//
// Significance: an empirical p-value against column-shuffled targets. For each database motif, `shuffles` copies
// with their columns permuted (a seeded Fisher-Yates per motif and copy, the same on every rank) are scored
// against the query; the null of a query pools those scores over the whole database (879 x 20 = 17,580 for
// JASPAR 2024 CORE vertebrates at the default 20), since every score of one query is on the same scale (its m). A
// match's p = (1 + null scores >= its similarity) / (1 + null size). The q-value of a match is Benjamini-Hochberg
// over that query's matches to every database motif (monotone, capped at 1).
// Cost: (1 + shuffles) x database x queries similarities, each O((m + n) min(m, n)); shareable over ranks by slices
// of the database (match_database's `gather`).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "results/motifs/motif_database.h"
#include "results/motifs/pwm.h"

namespace lnc::results::motifs {

double column_correlation(const Column& a, const Column& b);

struct Alignment {
  double similarity = -1;
  int offset = 0;
  bool reverse = false;  // the target's reverse complement aligned
};
Alignment align(const Pwm& query, const Pwm& target);

// The target with its columns permuted by the seeded shuffle `copy` of database motif `index`.
Pwm shuffled_columns(const Pwm& target, std::uint64_t seed, std::size_t index, std::size_t copy);

struct MotifMatch {
  std::string id, name;
  double similarity = 0, p_value = 1, q_value = 1;
  int offset = 0;
  bool reverse = false;
};

struct MatchOptions {
  int shuffles = 20;
  std::uint64_t seed = 2024;
  std::size_t keep = 3;  // matches kept per query, best first
};

// Concatenates each rank's values in rank order on every rank (MPI_Allgatherv); the identity for one rank.
using AllGather = std::function<std::vector<double>(const std::vector<double>&)>;

// For each query, its `keep` best matches (by similarity, then p-value, then id). Rank `rank` of `ranks` scores its
// contiguous slice of the database; `gather` joins the slices (every rank calls it once, with any slice size).
std::vector<std::vector<MotifMatch>> match_database(const std::vector<Pwm>& queries,
                                                    const std::vector<KnownMotif>& database,
                                                    const MatchOptions& options, int rank = 0, int ranks = 1,
                                                    const AllGather& gather = {});

// Benjamini-Hochberg q-values of p-values (same order).
std::vector<double> bh_q_values(const std::vector<double>& p);

}  // namespace lnc::results::motifs
