#include "data/datasets/csv_splits.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "data/datasets/class_coverage.h"
#include "data/random/deterministic_rng.h"
#include "base/sha256.h"

namespace lnc::data {
namespace {

// Reads one split; num_classes <= 0 marks the training file, whose labels define the classes (class_coverage.h).
SplitExamples from_file(const std::string& name, const std::string& path, int& num_classes) {
  auto rows = read_labeled_csv(path);
  if (num_classes <= 0)
    num_classes = require_every_class_present(rows);
  else
    require_known_classes(rows, num_classes);
  return {name, path, sha256_file_hex(path), std::move(rows.sequences), std::move(rows.labels)};
}

}  // namespace

std::vector<SplitExamples> load_csv_splits(const std::string& train, const std::string& dev, const std::string& test,
                                           double dev_fraction, std::uint64_t split_seed) {
  std::vector<SplitExamples> splits;
  int num_classes = 0;
  SplitExamples train_split = from_file("train", train, num_classes);
  if (dev.empty()) {
    const size_t n = train_split.sequences.size();
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    DeterministicRng rng(split_seed, "dev-carve");
    rng.shuffle(order);
    const auto n_dev = static_cast<size_t>(std::llround(static_cast<double>(n) * dev_fraction));
    std::vector<char> is_dev(n, 0);
    for (size_t i = 0; i < n_dev; ++i) is_dev[order[i]] = 1;
    SplitExamples kept{"train", train_split.source_file, train_split.source_sha256, {}, {}};
    SplitExamples carved{"dev", train_split.source_file, train_split.source_sha256, {}, {}};
    for (size_t i = 0; i < n; ++i) {
      auto& target = is_dev[i] ? carved : kept;
      target.sequences.push_back(std::move(train_split.sequences[i]));
      target.labels.push_back(train_split.labels[i]);
    }
    splits.push_back(std::move(kept));
    splits.push_back(std::move(carved));
  } else {
    splits.push_back(std::move(train_split));
    splits.push_back(from_file("dev", dev, num_classes));
  }
  splits.push_back(from_file("test", test, num_classes));
  return splits;
}

}  // namespace lnc::data
