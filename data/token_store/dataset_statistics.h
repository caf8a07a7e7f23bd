#pragma once
// What a prepared dataset looks like, for the study's Table 3 and its companion table of dataset sizes:
//   - per split and label: number of examples and the window lengths in bases (min, mean, max), computed from a
//     token file's labels and num_bases (every row, so the numbers are the builder's output exactly);
//   - per gene biotype: the GTEx TPM statistics of the dataset builder (expression_stats.tsv, written by the task 3
//     builder and kept in the token file as the root attribute expression_stats_tsv; data/token_store/token_store.h).
#include <cstdint>
#include <string>
#include <vector>

namespace lnc::data {

struct SplitLabelStatistics {
  std::string split;
  std::int64_t label = -1;  // -1 = all rows of the split
  std::int64_t examples = 0;
  std::int64_t min_bases = 0, max_bases = 0;
  double mean_bases = 0;  // 0 for an empty split
};

// One entry per label present in ascending label order, then the split's total (label -1).
// Throws std::invalid_argument when labels and num_bases differ in length.
std::vector<SplitLabelStatistics> split_label_statistics(const std::string& split,
                                                         const std::vector<std::int32_t>& labels,
                                                         const std::vector<std::int32_t>& num_bases);

struct BiotypeExpressionStatistics {
  std::string biotype;
  std::int64_t genes = 0, values = 0;
  double pooled_mean = 0, pooled_sd = 0, per_gene_mean = 0, per_gene_sd = 0;
};

// Parses expression_stats.tsv (header and columns in data/genome/expression_classes.h). `origin` names where the
// text came from in errors: InputError(origin, line, column, ...) for a wrong header, a short row or a bad number.
std::vector<BiotypeExpressionStatistics> parse_expression_stats_tsv(const std::string& text, const std::string& origin);

}  // namespace lnc::data
