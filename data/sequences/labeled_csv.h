#pragma once
// GUE-format CSV: a header whose first two columns are `sequence,label`, then one example per line (further
// columns, like the genome builder's gene_id/chrom/..., are kept as text but not interpreted). Plain or gzip.
// Sequences are upper-cased; any character other than ACGTN (case-insensitive) is an error naming file and line.
#include <cstdint>
#include <string>
#include <vector>

namespace lnc::data {

struct LabeledSequences {
  std::string path;
  std::vector<std::string> sequences;
  std::vector<std::int32_t> labels;
  std::vector<long> lines;  // source line of each example, for messages
};

LabeledSequences read_labeled_csv(const std::string& path);

}  // namespace lnc::data
