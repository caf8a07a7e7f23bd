#pragma once
// TF-IDF features of DNA sequences for the logistic-regression baseline, computed exactly as scikit-learn's
// TfidfVectorizer(tokenizer=<overlapping k-mers>, ngram_range=(n_min, n_max)) with its defaults:
//   - words: the overlapping k-mers of the sequence (stride 1; a sequence shorter than k has none);
//   - terms: word n-grams for n in [ngram_min, ngram_max], the words joined by one space ("ACG CGT");
//   - vocabulary: every term seen in the fit documents (min_df 1, max_df 1.0, no max_features), indexed in
//     lexicographic order of the term string (sklearn sorts its vocabulary the same way);
//   - tf: raw counts (sublinear_tf false);  idf(t) = ln((1 + n) / (1 + df(t))) + 1  (smooth_idf, n = fit docs);
//   - rows: tf * idf, then divided by their L2 norm (a row with no known term stays all-zero, as in sklearn);
//   - terms unseen at fit time are ignored by transform.
// Case is kept (sklearn's lowercase only matters for mixed-case input; lnctrain's sequences are upper case).
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "trainer/baseline/sparse_rows.h"

namespace lnc::trainer {

struct TfidfConfig {
  int k = 3;          // k-mer length of the words
  int ngram_min = 1;  // word n-gram range, inclusive
  int ngram_max = 3;
};

class TfidfVectorizer {
 public:
  explicit TfidfVectorizer(TfidfConfig config = {});  // throws std::invalid_argument on k < 1 or a bad range

  // Learns the vocabulary and idf from `documents` and returns their TF-IDF rows.
  SparseMatrix fit_transform(const std::vector<std::string>& documents);
  SparseMatrix transform(const std::vector<std::string>& documents) const;  // requires a prior fit

  std::size_t num_features() const { return terms_.size(); }
  const std::string& term(std::size_t feature) const { return terms_.at(feature); }
  double idf(std::size_t feature) const { return idf_.at(feature); }
  const TfidfConfig& config() const { return config_; }

  // The terms of one document in sklearn's analyzer order (all n-grams of size n_min first, ...); for tests.
  std::vector<std::string> analyze(const std::string& document) const;

 private:
  TfidfConfig config_;
  std::vector<std::string> terms_;                   // feature index -> term
  std::unordered_map<std::string, std::int32_t> index_;  // term -> feature index
  std::vector<double> idf_;
  bool fitted_ = false;
};

}  // namespace lnc::trainer
