#include "trainer/importance/attention_importance.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace lnc::trainer {

namespace {

// head_stride: floats between the first-token rows of consecutive heads.
std::vector<float> importance_from_rows(const float* attention, std::size_t num_heads, std::size_t seq_len,
                                        std::size_t head_stride, const data::Encoding& encoding,
                                        std::size_t num_bases) {
  const std::size_t tokens = encoding.ids.size();
  if (tokens > seq_len)
    throw std::invalid_argument("attention_importance: " + std::to_string(tokens) + " tokens but attention over " +
                                std::to_string(seq_len));
  std::vector<double> sum(num_bases, 0.0), count(num_bases, 0.0);
  for (std::size_t t = 0; t < tokens; ++t) {
    const std::int32_t begin = encoding.base_begin[t], end = encoding.base_end[t];
    if (begin < 0) continue;  // special token
    if (end <= begin || static_cast<std::size_t>(end) > num_bases)
      throw std::invalid_argument("attention_importance: token " + std::to_string(t) + " covers [" +
                                  std::to_string(begin) + "," + std::to_string(end) + ") outside " +
                                  std::to_string(num_bases) + " bases");
    double score = 0;  // [CLS] row (query 0), column t, summed over heads
    for (std::size_t h = 0; h < num_heads; ++h) score += attention[h * head_stride + t];
    for (std::int32_t b = begin; b < end; ++b) {
      sum[static_cast<std::size_t>(b)] += score;
      count[static_cast<std::size_t>(b)] += 1;
    }
  }
  double norm2 = 0;
  for (std::size_t b = 0; b < num_bases; ++b) {
    if (count[b] > 0) sum[b] /= count[b];
    norm2 += sum[b] * sum[b];
  }
  const double norm = std::sqrt(norm2);
  std::vector<float> out(num_bases, 0.0f);
  if (norm > 0)
    for (std::size_t b = 0; b < num_bases; ++b) out[b] = static_cast<float>(sum[b] / norm);
  return out;
}

}  // namespace

std::vector<float> attention_importance(const float* attention, std::size_t num_heads, std::size_t seq_len,
                                        const data::Encoding& encoding, std::size_t num_bases) {
  return importance_from_rows(attention, num_heads, seq_len, seq_len * seq_len, encoding, num_bases);
}

std::vector<float> attention_importance_first_row(const float* first_rows, std::size_t num_heads,
                                                  std::size_t seq_len, const data::Encoding& encoding,
                                                  std::size_t num_bases) {
  return importance_from_rows(first_rows, num_heads, seq_len, seq_len, encoding, num_bases);
}

std::vector<std::vector<float>> attention_importance_batch(const float* attention, std::size_t num_heads,
                                                           std::size_t seq_len,
                                                           const std::vector<data::Encoding>& encodings,
                                                           const std::vector<std::size_t>& num_bases) {
  if (encodings.size() != num_bases.size())
    throw std::invalid_argument("attention_importance_batch: " + std::to_string(encodings.size()) +
                                " encodings but " + std::to_string(num_bases.size()) + " base counts");
  std::vector<std::vector<float>> out;
  out.reserve(encodings.size());
  const std::size_t per_row = num_heads * seq_len * seq_len;
  for (std::size_t b = 0; b < encodings.size(); ++b)
    out.push_back(attention_importance(attention + b * per_row, num_heads, seq_len, encodings[b], num_bases[b]));
  return out;
}

}  // namespace lnc::trainer
