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
//
// Speed: an n-gram of overlapping k-mers starting at word i is determined by n and the k+n-1 characters it spans,
// so terms are counted as integer keys of those spans (base R = distinct characters of the fit documents + 1,
// digits 1..R-1, so spans of different lengths never share a key) in a dense table when R^(k+n_max-1) <= 2^22
// (DNA: 5^5 for 3-mers and trigrams), else a hash map; the term strings are built once per distinct key, for the
// vocabulary's order. Keys wider than 62 bits (long k) use the string path (analyze()). Both give the same
// features and values: before this the string path alone made two thirds of `lnctrain train`'s time on GUE
// prom_core_notata (perf, docs/performance.md "Idle machine"). A row's repeated terms are merged by a count per
// feature and emitted in feature order by a scan of a feature bitmap (a sort only when the vocabulary is wider than
// 64 x the document's terms): the per-row std::sort was 4% of `lnctrain train` (perf). Documents are transformed
// on several threads, each row by one thread, so the rows do not depend on the thread count.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "trainer/baseline/sparse_rows.h"

namespace lnc::trainer {

struct TfidfConfig {
  int k = 3;          // k-mer length of the words
  int ngram_min = 1;  // word n-gram range, inclusive
  int ngram_max = 3;
  int threads = 0;    // transform's threads (0 = the hardware's count); rows do not depend on it
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
  // The span-key path (fast_ false: the string path through index_).
  bool fast_ = false;
  std::array<std::uint8_t, 256> code_{};  // character -> digit 1..radix-1; 0 = not in the fit alphabet
  std::uint64_t radix_ = 1;
  std::vector<std::int32_t> dense_feature_;                  // key -> feature, -1 = none (dense table)
  std::unordered_map<std::uint64_t, std::int32_t> sparse_feature_;  // the same as a hash map
  std::int32_t feature_of(std::uint64_t key) const;
  // Appends the feature of every known term of `document` (unsorted).
  void features_of(const std::string& document, std::vector<std::int32_t>& out) const;
};

}  // namespace lnc::trainer
