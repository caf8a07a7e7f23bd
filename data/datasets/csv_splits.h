#pragma once
// Train/dev/test examples from GUE CSV files. When no dev file is given, a dev part is carved off the train
// file deterministically: a seeded permutation picks round(N * dev_fraction) rows; both parts keep file order.
#include <cstdint>
#include <string>
#include <vector>

#include "data/sequences/labeled_csv.h"

namespace lnc::data {

struct SplitExamples {
  std::string name;  // train | dev | test
  std::string source_file, source_sha256;
  std::vector<std::string> sequences;
  std::vector<std::int32_t> labels;
};

std::vector<SplitExamples> load_csv_splits(const std::string& train, const std::string& dev, const std::string& test,
                                           double dev_fraction, std::uint64_t split_seed);

}  // namespace lnc::data
