#pragma once
// Task 1/2 positives taken from GUE CSV files ("sequence,label" header, plain or gzip): every label-1 row of
// every listed file, in file order. Sequences are upper-cased; bases other than ACGT count against
// n_max_fraction like genome windows ("too_many_n"). A sequence seen before is dropped ("duplicate_sequence":
// GUE prom_300_notata repeats a few across and within splits). All sequences must have the same length,
// which must be the length being built. Bad rows are InputErrors naming file:line.
#include <cstdint>
#include <string>
#include <vector>

#include "data/genome/task_dataset.h"

namespace lnc::data {

struct GuePositives {
  std::vector<DatasetRow> rows;  // label 1, no coordinates, distinct sequences
  std::int64_t sequence_length = 0;
  SkipCounts skips;
};

GuePositives read_gue_positives(const std::vector<std::string>& paths, double n_max_fraction);

}  // namespace lnc::data
