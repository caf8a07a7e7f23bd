#include "trainer/importance/base_spread.h"

#include <stdexcept>
#include <string>

namespace lnc::trainer {

void spread_over_bases(const std::vector<double>& token_scores, const data::Encoding& encoding,
                       std::vector<double>& bases) {
  const std::size_t tokens = encoding.ids.size();
  if (token_scores.size() < tokens)
    throw std::invalid_argument("spread_over_bases: " + std::to_string(token_scores.size()) + " scores for " +
                                std::to_string(tokens) + " tokens");
  for (std::size_t t = 0; t < tokens; ++t) {
    const std::int32_t begin = encoding.base_begin[t], end = encoding.base_end[t];
    if (begin < 0) continue;  // special token
    if (end <= begin || static_cast<std::size_t>(end) > bases.size())
      throw std::invalid_argument("spread_over_bases: token " + std::to_string(t) + " covers [" +
                                  std::to_string(begin) + "," + std::to_string(end) + ") outside " +
                                  std::to_string(bases.size()) + " bases");
    const double share = token_scores[t] / static_cast<double>(end - begin);
    for (std::int32_t b = begin; b < end; ++b) bases[static_cast<std::size_t>(b)] += share;
  }
}

}  // namespace lnc::trainer
