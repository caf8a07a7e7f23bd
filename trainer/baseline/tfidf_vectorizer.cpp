#include "trainer/baseline/tfidf_vectorizer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "trainer/baseline/parallel_blocks.h"

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

namespace {

constexpr std::uint64_t kDenseLimit = std::uint64_t{1} << 22;

// radix^length, or 0 when it exceeds 2^62.
std::uint64_t power_or_zero(std::uint64_t radix, std::size_t length) {
  std::uint64_t p = 1;
  for (std::size_t i = 0; i < length; ++i) {
    if (p > (std::uint64_t{1} << 62) / radix) return 0;
    p *= radix;
  }
  return p;
}

}  // namespace

std::int32_t TfidfVectorizer::feature_of(std::uint64_t key) const {
  if (!dense_feature_.empty()) return dense_feature_[key];
  auto it = sparse_feature_.find(key);
  return it == sparse_feature_.end() ? -1 : it->second;
}

void TfidfVectorizer::features_of(const std::string& document, std::vector<std::int32_t>& out) const {
  if (!fast_) {
    for (const auto& t : analyze(document)) {
      auto it = index_.find(t);
      if (it != index_.end()) out.push_back(it->second);
    }
    return;
  }
  const std::size_t k = static_cast<std::size_t>(config_.k);
  for (std::size_t n = static_cast<std::size_t>(config_.ngram_min); n <= static_cast<std::size_t>(config_.ngram_max);
       ++n) {
    const std::size_t span = k + n - 1;
    for (std::size_t i = 0; i + span <= document.size(); ++i) {
      std::uint64_t key = 0;
      std::size_t j = 0;
      for (; j < span; ++j) {
        const std::uint8_t digit = code_[static_cast<unsigned char>(document[i + j])];
        if (digit == 0) break;  // a character never seen at fit time: no known term spans it
        key = key * radix_ + digit;
      }
      if (j < span) continue;
      const std::int32_t f = feature_of(key);
      if (f >= 0) out.push_back(f);
    }
  }
}

SparseMatrix TfidfVectorizer::fit_transform(const std::vector<std::string>& documents) {
  terms_.clear();
  index_.clear();
  idf_.clear();
  dense_feature_.clear();
  sparse_feature_.clear();
  code_.fill(0);
  const double n_docs = static_cast<double>(documents.size());
  const std::size_t k = static_cast<std::size_t>(config_.k);
  const std::size_t widest = k + static_cast<std::size_t>(config_.ngram_max) - 1;
  std::array<bool, 256> seen{};
  for (const auto& doc : documents)
    for (unsigned char c : doc) seen[c] = true;
  std::vector<char> char_of_digit{0};  // digit -> character
  for (int c = 0; c < 256; ++c)
    if (seen[static_cast<std::size_t>(c)]) {
      code_[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(char_of_digit.size());
      char_of_digit.push_back(static_cast<char>(c));
    }
  radix_ = char_of_digit.size();
  const std::uint64_t key_space = power_or_zero(radix_, widest);
  fast_ = key_space != 0;
  if (!fast_) {
    // Pass 1: document frequency of every term (std::map keeps terms sorted, giving sklearn's index order).
    std::map<std::string, std::size_t> df;
    for (const auto& doc : documents) {
      std::vector<std::string> terms = analyze(doc);
      std::sort(terms.begin(), terms.end());
      terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
      for (auto& t : terms) ++df[t];
    }
    terms_.reserve(df.size());
    for (const auto& [term, count] : df) {
      index_.emplace(term, static_cast<std::int32_t>(terms_.size()));
      terms_.push_back(term);
      idf_.push_back(std::log((1.0 + n_docs) / (1.0 + static_cast<double>(count))) + 1.0);
    }
    fitted_ = true;
    return transform(documents);
  }
  // Document frequency by span key: a term counts once per document (last_doc marks where it was last counted).
  struct Count {
    std::int64_t df = 0, last_doc = -1;
  };
  const bool dense = key_space <= kDenseLimit;
  std::vector<Count> dense_counts(dense ? key_space : 0);
  std::unordered_map<std::uint64_t, Count> sparse_counts;
  std::vector<std::uint64_t> keys;  // distinct keys, in first-seen order
  for (std::size_t d = 0; d < documents.size(); ++d) {
    const std::string& doc = documents[d];
    for (std::size_t n = static_cast<std::size_t>(config_.ngram_min);
         n <= static_cast<std::size_t>(config_.ngram_max); ++n) {
      const std::size_t span = k + n - 1;
      for (std::size_t i = 0; i + span <= doc.size(); ++i) {
        std::uint64_t key = 0;
        for (std::size_t j = 0; j < span; ++j) key = key * radix_ + code_[static_cast<unsigned char>(doc[i + j])];
        Count& c = dense ? dense_counts[key] : sparse_counts[key];
        if (c.last_doc == static_cast<std::int64_t>(d)) continue;
        if (c.df == 0) keys.push_back(key);
        c.last_doc = static_cast<std::int64_t>(d);
        ++c.df;
      }
    }
  }
  // The vocabulary in the lexicographic order of the term strings ("ACG CGT"), as sklearn sorts it.
  std::vector<std::pair<std::string, std::uint64_t>> vocabulary;
  vocabulary.reserve(keys.size());
  for (std::uint64_t key : keys) {
    std::string span;
    for (std::uint64_t rest = key; rest > 0; rest /= radix_) span.push_back(char_of_digit[rest % radix_]);
    std::reverse(span.begin(), span.end());
    std::string term;
    for (std::size_t w = 0; w + k <= span.size(); ++w) {
      if (w) term.push_back(' ');
      term.append(span, w, k);
    }
    vocabulary.emplace_back(std::move(term), key);
  }
  std::sort(vocabulary.begin(), vocabulary.end());
  if (dense) dense_feature_.assign(key_space, -1);
  terms_.reserve(vocabulary.size());
  for (auto& [term, key] : vocabulary) {
    const auto feature = static_cast<std::int32_t>(terms_.size());
    if (dense) dense_feature_[key] = feature;
    else sparse_feature_.emplace(key, feature);
    const auto df = dense ? dense_counts[key].df : sparse_counts[key].df;
    idf_.push_back(std::log((1.0 + n_docs) / (1.0 + static_cast<double>(df))) + 1.0);
    terms_.push_back(std::move(term));
  }
  fitted_ = true;
  return transform(documents);
}

SparseMatrix TfidfVectorizer::transform(const std::vector<std::string>& documents) const {
  if (!fitted_) throw std::logic_error("tfidf: transform before fit");
  SparseMatrix rows(documents.size());
  const std::size_t features = terms_.size();
  const std::size_t words = (features + 63) / 64;
  constexpr std::size_t kDocumentsPerBlock = 256;
  for_each_block((documents.size() + kDocumentsPerBlock - 1) / kDocumentsPerBlock, config_.threads, [&](std::size_t b) {
    std::vector<std::int32_t> ids;
    std::vector<std::uint32_t> count(features, 0);  // occurrences of each feature in the current document
    std::vector<std::uint64_t> seen(words, 0);      // bit f: feature f occurs
    const std::size_t end = std::min(documents.size(), (b + 1) * kDocumentsPerBlock);
    for (std::size_t d = b * kDocumentsPerBlock; d < end; ++d) {
      ids.clear();
      features_of(documents[d], ids);
      SparseRow& row = rows[d];
      std::size_t distinct = 0;
      for (std::int32_t f : ids) distinct += count[static_cast<std::size_t>(f)]++ == 0;
      row.index.reserve(distinct);
      row.value.reserve(distinct);
      // Increasing feature order: a bit scan when the bitmap is shorter than the id list, else a sort.
      auto emit = [&](std::size_t f) {
        const double v = static_cast<double>(count[f]) * idf_[f];
        count[f] = 0;
        row.index.push_back(static_cast<std::int32_t>(f));
        row.value.push_back(v);
      };
      if (words <= ids.size()) {
        for (std::int32_t f : ids) seen[static_cast<std::size_t>(f) >> 6] |= std::uint64_t{1} << (f & 63);
        for (std::size_t w = 0; w < words; ++w)
          for (std::uint64_t bits = seen[w]; bits != 0; bits &= bits - 1)
            emit(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
        std::fill(seen.begin(), seen.end(), 0);
      } else {
        std::sort(ids.begin(), ids.end());
        for (std::size_t i = 0; i < ids.size(); ++i)
          if (i == 0 || ids[i] != ids[i - 1]) emit(static_cast<std::size_t>(ids[i]));
      }
      double norm2 = 0;
      for (double v : row.value) norm2 += v * v;
      if (norm2 > 0) {
        const double norm = std::sqrt(norm2);  // divide (not multiply by 1/norm), as sklearn's normalize does
        for (double& v : row.value) v /= norm;
      }
    }
  });
  return rows;
}

}  // namespace lnc::trainer
