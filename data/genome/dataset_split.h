#pragma once
// Train/dev/test split that never puts related rows in two splits.
// Rows are grouped (union-find) when they
//   - overlap on the genome (same FASTA chromosome, either strand): overlapping promoters of neighbouring or
//     bidirectional genes share bases, so they must not straddle splits (this also keeps every gene in one split);
//   - are linked by same_group_as (a task 1 shuffle stays with its source);
//   - share a non-empty group_key (identical GUE sequences).
// Groups are stratified by the labels they hold (only 0, only 1, both) so that every split keeps the label
// balance; inside a stratum groups are shuffled with the seeded PRNG and dealt out in that order, each to the
// split furthest below its target (fraction x stratum rows; ties: train, dev, test), so even small strata
// reach every split.
// Each split's rows are finally shuffled (GUE files are not sorted by label).
#include <cstdint>
#include <vector>

#include "data/random/deterministic_rng.h"
#include "data/genome/task_dataset.h"

namespace lnc::data {

struct SplitAssignment {
  std::vector<std::size_t> train, dev, test;  // row indices, in output order
  std::size_t groups = 0;
};

SplitAssignment split_by_group(const std::vector<DatasetRow>& rows, double train_fraction, double dev_fraction,
                               DeterministicRng& rng);

// Group id per row (exposed for tests): rows sharing an id must share a split.
std::vector<std::size_t> row_groups(const std::vector<DatasetRow>& rows);

}  // namespace lnc::data
