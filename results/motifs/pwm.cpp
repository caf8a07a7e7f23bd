#include "results/motifs/pwm.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace lnc::results::motifs {

int base_index(char base) {
  switch (base) {
    case 'A': return 0;
    case 'C': return 1;
    case 'G': return 2;
    case 'T': return 3;
    default: return -1;
  }
}

Pwm from_counts(const std::vector<Column>& counts, double pseudocount) {
  Pwm p;
  for (const auto& c : counts) {
    Column col{};
    double total = 0;
    for (int b = 0; b < 4; ++b) total += c[b] + pseudocount;
    for (int b = 0; b < 4; ++b) col[b] = total > 0 ? (c[b] + pseudocount) / total : 0.25;
    p.columns.push_back(col);
  }
  return p;
}

Pwm reverse_complement(const Pwm& pwm) {
  Pwm r;
  for (auto it = pwm.columns.rbegin(); it != pwm.columns.rend(); ++it) r.columns.push_back({(*it)[3], (*it)[2], (*it)[1], (*it)[0]});
  return r;
}

std::string consensus(const Pwm& pwm) {
  std::string s;
  for (const auto& c : pwm.columns) {
    const auto best = static_cast<int>(std::max_element(c.begin(), c.end()) - c.begin());
    const char base = "ACGT"[best];
    s.push_back(c[best] >= 0.5 ? base : static_cast<char>(std::tolower(base)));
  }
  return s;
}

double information_content(const Column& column) {
  double h = 0;
  for (double p : column)
    if (p > 0) h -= p * std::log2(p);
  return 2.0 - h;
}

std::string reverse_complement(const std::string& dna) {
  std::string r(dna.rbegin(), dna.rend());
  for (auto& c : r) {
    switch (c) {
      case 'A': c = 'T'; break;
      case 'C': c = 'G'; break;
      case 'G': c = 'C'; break;
      case 'T': c = 'A'; break;
      default: c = 'N';
    }
  }
  return r;
}

}  // namespace lnc::results::motifs
