#pragma once
// Task 2 negatives: random genomic windows that lie in no promoter region.
//
// Promoter region (per window length l): around EVERY annotated TSS (each transcript's 5' end and each gene
// record's 5' end, all biotypes), the promoter window of length l on that strand widened by
// exclusion_distance on both sides. A candidate window may not touch any such region, may not overlap an
// earlier accepted negative, and may hold at most floor(n_max_fraction*l) non-ACGT bases.
// Draws: a chromosome with probability proportional to the number of window starts it has, a uniform start
// on it, and a uniform strand (minus: reverse complement, so strand statistics match the promoters'). All
// from the seeded PRNG. After negative_attempts_factor * count draws without enough windows, InputError.
// The rows get chrom, strand and tss = window_anchor() (the position promoter_window() maps to this
// window), with empty gene fields.
#include <cstdint>
#include <vector>

#include "data/random/deterministic_rng.h"
#include "data/genome/genome_context.h"
#include "data/genome/task_dataset.h"

namespace lnc::data {

struct NegativeSampling {
  std::vector<DatasetRow> rows;  // label 0
  nlohmann::json report;         // draws and rejections by reason, chromosomes used
};

NegativeSampling sample_genomic_negatives(const GenomeContext& ctx, std::int64_t length, std::size_t count,
                                          DeterministicRng& rng);

// Merged promoter regions per FASTA chromosome (exposed for tests).
std::map<std::string, std::vector<GenomicInterval>> promoter_exclusion_regions(const GenomeContext& ctx,
                                                                                std::int64_t length);

}  // namespace lnc::data
