#pragma once
// A sparse feature matrix as rows of (feature index, value) pairs with strictly increasing indices: the shape
// the TF-IDF vectorizer produces and the logistic regression reads (it copies them into one CSR block to fit).
#include <cstdint>
#include <vector>

namespace lnc::trainer {

struct SparseRow {
  std::vector<std::int32_t> index;  // 0-based feature indices, strictly increasing
  std::vector<double> value;
};

using SparseMatrix = std::vector<SparseRow>;

}  // namespace lnc::trainer
