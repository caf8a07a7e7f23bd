#pragma once
// Promoter windows of chosen genes as dataset rows (tasks 1-4). Per gene, in annotation order:
//   chromosome not in the FASTA      -> skip "chromosome_not_in_fasta"
//   gene strand '.'                  -> skip "no_strand"
//   window runs off the chromosome   -> skip "off_chromosome"
//   more than floor(n_max_fraction*l) non-ACGT bases -> skip "too_many_n" (kept ones have them as N)
// Genes sharing one window (same chromosome, strand and TSS) would give identical rows: with one label the
// smallest gene_id stays ("duplicate_window"), with both labels all of them go ("conflicting_duplicate_window").
// Windows that merely overlap stay; the split keeps overlapping windows together (dataset_split.h).
#include <cstdint>
#include <vector>

#include "data/genome/genome_context.h"
#include "data/genome/task_dataset.h"

namespace lnc::data {

struct PromoterCandidate {
  std::size_t gene = 0;  // index into gtf.genes()
  int label = 0;
};

std::vector<DatasetRow> promoter_rows(const GenomeContext& ctx, const std::vector<PromoterCandidate>& candidates,
                                      std::int64_t length, SkipCounts& skips);

// Maximum number of non-ACGT bases a window of this length may hold.
std::int64_t max_ambiguous_bases(double n_max_fraction, std::int64_t length);

}  // namespace lnc::data
