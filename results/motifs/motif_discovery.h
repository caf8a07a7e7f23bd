#pragma once
// De novo motifs from per-base importances (one stored method of one run) and the windows' DNA.
//
// 1. Seqlets: in each window of the positive class (label 1) the per-base importance, oriented so that larger
//    means "supports the class" (ism: the largest drop; ism_mean: minus the mean change; integrated_gradients and
//    attention as stored), is summed over sliding cores of `core` bases. Cores whose sum is at least the mean + 2 sd
//    of all positive windows' core sums are taken greedily, best first, without overlap, at most
//    `max_seqlets_per_window` per window; a seqlet is its core plus `flank` bases each side.
// 2. Clustering, greedy and seeded (as STREME/DREME-like tools): the canonical `seed_k`-mer (a k-mer and its
//    reverse complement as one) most over-represented in seqlets relative to all windows (score count x log2 of the
//    ratio of the fractions, count >= min_sites) seeds a motif; its sites are the seed's occurrences in the
//    unassigned seqlets, extended by `extend` bases each side and oriented to the seed; their counts give a PWM
//    (pseudocount 0.25 per base), trimmed to its informative columns and refined once: every unassigned seqlet's best
//    hit of that core (either strand) at a relative score >= 0.8 becomes a site, `extend` bases each side (once per place: two seqlets of a long motif in one window hit one site)
//    and the PWM is rebuilt. Edge columns under 0.5 bits are trimmed; motifs of
//    under 4 columns or min_sites sites are dropped. Its seqlets are then assigned and the next seed is sought, up
//    to max_motifs.
// 3. Per motif: sites (the sites that built it), enrichment against the other class: every window of both classes
//    is scanned on both strands, a hit is a relative log-odds score >= 0.8 (score - min) / (max - min) against a
//    uniform background; enrichment = ((hits1 + 1) / (n1 + 2)) / ((hits0 + 1) / (n0 + 2)) and p_value the one-sided
//    hypergeometric (Fisher) probability of at least hits1 of the hit windows in class 1; mean offset from the TSS
//    of the sites' first base on the window's + strand (data/genome/promoter_window.h: base p of an l-base window is
//    at p - (l - 51)), and that of every site.
// Motifs are ranked by p_value, then by sites. Deterministic: no random numbers.
#include <cstdint>
#include <string>
#include <vector>

#include "results/motifs/pwm.h"

namespace lnc::results::motifs {

struct ImportanceWindow {
  std::string dna;             // upper-case bases
  std::int64_t label = 0;
  std::vector<float> scores;   // per base, oriented (larger = more important); empty for windows without scores
  std::int64_t sample = 0;     // row of the split
};

struct Seqlet {
  std::size_t window = 0;  // index into the windows
  std::int32_t begin = 0, end = 0;  // bases [begin, end) of the window (core plus flanks, clipped)
  double score = 0;
};

struct DiscoveryOptions {
  int core = 8, flank = 4, max_seqlets_per_window = 3;
  int seed_k = 6, extend = 7, min_sites = 5, max_motifs = 10;
  double min_relative_score = 0.8, trim_bits = 0.5;
};

struct Site {
  std::size_t window = 0;
  std::int32_t start = 0;  // first base on the window's + strand
  bool reverse = false;
};

struct DiscoveredMotif {
  Pwm pwm;
  std::vector<Site> sites;
  std::int64_t hits_positive = 0, hits_negative = 0, windows_positive = 0, windows_negative = 0;
  double enrichment = 0, p_value = 1, mean_offset_from_tss = 0;
};

// `method` decides the orientation of stored scores (see 1.); returns scores to be used as "larger = important".
std::vector<float> oriented_scores(const std::string& method, const std::vector<float>& stored);

std::vector<Seqlet> find_seqlets(const std::vector<ImportanceWindow>& windows, const DiscoveryOptions& options);
std::vector<DiscoveredMotif> discover_motifs(const std::vector<ImportanceWindow>& windows,
                                             const std::vector<Seqlet>& seqlets, const DiscoveryOptions& options);

// Best relative log-odds score (0..1) of the PWM in `dna` over both strands; position and strand of the hit.
double best_relative_hit(const Pwm& pwm, const std::string& dna, std::int32_t& start, bool& reverse);
// P(X >= k) for X hypergeometric: `draws` from a population of `total` with `good` successes.
double hypergeometric_upper_tail(std::int64_t k, std::int64_t total, std::int64_t good, std::int64_t draws);

}  // namespace lnc::results::motifs
