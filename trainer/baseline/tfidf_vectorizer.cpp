#include "trainer/baseline/tfidf_vectorizer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace lnc::trainer {

TfidfVectorizer::TfidfVectorizer(TfidfConfig config) : config_(config) {
  if (config_.k < 1) throw std::invalid_argument("tfidf: k must be >= 1, got " + std::to_string(config_.k));
  if (config_.ngram_min < 1 || config_.ngram_max < config_.ngram_min)
    throw std::invalid_argument("tfidf: bad n-gram range " + std::to_string(config_.ngram_min) + ".." +
                                std::to_string(config_.ngram_max));
}

std::vector<std::string> TfidfVectorizer::analyze(const std::string& document) const {
  const std::size_t k = static_cast<std::size_t>(config_.k);
  const std::size_t words = document.size() >= k ? document.size() - k + 1 : 0;
  std::vector<std::string> out;
  for (std::size_t n = static_cast<std::size_t>(config_.ngram_min); n <= static_cast<std::size_t>(config_.ngram_max);
       ++n) {
    if (n > words) break;
    for (std::size_t i = 0; i + n <= words; ++i) {
      std::string term;
      term.reserve(n * (k + 1));
      for (std::size_t w = 0; w < n; ++w) {
        if (w) term.push_back(' ');
        term.append(document, i + w, k);
      }
      out.push_back(std::move(term));
    }
  }
  return out;
}

SparseMatrix TfidfVectorizer::fit_transform(const std::vector<std::string>& documents) {
  // Pass 1: document frequency of every term (std::map keeps terms sorted, giving sklearn's index order).
  std::map<std::string, std::size_t> df;
  for (const auto& doc : documents) {
    std::vector<std::string> terms = analyze(doc);
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    for (auto& t : terms) ++df[t];
  }
  terms_.clear();
  index_.clear();
  idf_.clear();
  terms_.reserve(df.size());
  const double n = static_cast<double>(documents.size());
  for (const auto& [term, count] : df) {
    index_.emplace(term, static_cast<std::int32_t>(terms_.size()));
    terms_.push_back(term);
    idf_.push_back(std::log((1.0 + n) / (1.0 + static_cast<double>(count))) + 1.0);
  }
  fitted_ = true;
  return transform(documents);
}

SparseMatrix TfidfVectorizer::transform(const std::vector<std::string>& documents) const {
  if (!fitted_) throw std::logic_error("tfidf: transform before fit");
  SparseMatrix rows(documents.size());
  for (std::size_t d = 0; d < documents.size(); ++d) {
    std::vector<std::int32_t> ids;
    for (const auto& t : analyze(documents[d])) {
      auto it = index_.find(t);
      if (it != index_.end()) ids.push_back(it->second);
    }
    std::sort(ids.begin(), ids.end());
    SparseRow& row = rows[d];
    double norm2 = 0;
    for (std::size_t i = 0; i < ids.size();) {
      std::size_t j = i;
      while (j < ids.size() && ids[j] == ids[i]) ++j;
      const double v = static_cast<double>(j - i) * idf_[static_cast<std::size_t>(ids[i])];
      row.index.push_back(ids[i]);
      row.value.push_back(v);
      norm2 += v * v;
      i = j;
    }
    if (norm2 > 0) {
      const double norm = std::sqrt(norm2);  // divide (not multiply by 1/norm), as sklearn's normalize does
      for (double& v : row.value) v /= norm;
    }
  }
  return rows;
}

}  // namespace lnc::trainer
