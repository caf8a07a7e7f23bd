#pragma once
// A sparse feature matrix as rows of (feature index, value) pairs with strictly increasing indices: the shape
// both the TF-IDF vectorizer produces and liblinear consumes.
#include <cstdint>
#include <vector>

namespace lnc::trainer {

struct SparseRow {
  std::vector<std::int32_t> index;  // 0-based feature indices, strictly increasing
  std::vector<double> value;
};

using SparseMatrix = std::vector<SparseRow>;

}  // namespace lnc::trainer
