#include "trainer/importance/ism_mutants.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace lnc::trainer {

namespace {
constexpr char kBases[] = {'A', 'C', 'G', 'T'};
bool is_acgt(char c) { return c == 'A' || c == 'C' || c == 'G' || c == 'T'; }
}  // namespace

std::vector<IsmMutant> ism_mutants(const std::string& window) {
  std::vector<IsmMutant> out;
  out.reserve(window.size() * 3);
  for (std::size_t p = 0; p < window.size(); ++p) {
    if (!is_acgt(window[p])) continue;
    for (char b : kBases)
      if (b != window[p]) out.push_back({static_cast<std::int32_t>(p), b});
  }
  return out;
}

std::string apply_mutant(const std::string& window, const IsmMutant& m) {
  std::string s = window;
  s.at(static_cast<std::size_t>(m.base)) = m.to;
  return s;
}

IsmScores ism_scores(std::size_t num_bases, double reference, const std::vector<IsmMutant>& mutants,
                     const std::vector<double>& mutant_logits) {
  if (mutants.size() != mutant_logits.size())
    throw std::invalid_argument("ism_scores: " + std::to_string(mutants.size()) + " mutants but " +
                                std::to_string(mutant_logits.size()) + " logits");
  std::vector<double> drop(num_bases, -std::numeric_limits<double>::infinity()), sum(num_bases, 0.0);
  std::vector<int> count(num_bases, 0);
  for (std::size_t i = 0; i < mutants.size(); ++i) {
    const auto p = static_cast<std::size_t>(mutants[i].base);
    if (p >= num_bases) throw std::invalid_argument("ism_scores: mutant past the window");
    drop[p] = std::max(drop[p], reference - mutant_logits[i]);
    sum[p] += mutant_logits[i] - reference;
    ++count[p];
  }
  IsmScores out;
  out.largest_drop.assign(num_bases, 0.0f);
  out.mean_change.assign(num_bases, 0.0f);
  for (std::size_t p = 0; p < num_bases; ++p)
    if (count[p] > 0) {
      out.largest_drop[p] = static_cast<float>(drop[p]);
      out.mean_change[p] = static_cast<float>(sum[p] / count[p]);
    }
  return out;
}

}  // namespace lnc::trainer
