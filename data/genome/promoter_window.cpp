#include "data/genome/promoter_window.h"

#include <stdexcept>

namespace lnc::data {

GenomicInterval promoter_window(std::int64_t tss, char strand, std::int64_t length) {
  if (length <= kPromoterDownstream) throw std::invalid_argument("promoter window length must exceed 50");
  const std::int64_t upstream = length - kPromoterDownstream - 1;
  if (strand == '-') return {tss - kPromoterDownstream, tss + upstream};
  return {tss - upstream, tss + kPromoterDownstream};
}

std::int64_t window_anchor(const GenomicInterval& window, char strand) {
  return strand == '-' ? window.start + kPromoterDownstream : window.end - kPromoterDownstream;
}

namespace {
char complement(char c) {
  switch (c) {
    case 'A': return 'T';
    case 'C': return 'G';
    case 'G': return 'C';
    case 'T': return 'A';
    case 'R': return 'Y';
    case 'Y': return 'R';
    case 'S': return 'S';
    case 'W': return 'W';
    case 'K': return 'M';
    case 'M': return 'K';
    case 'B': return 'V';
    case 'V': return 'B';
    case 'D': return 'H';
    case 'H': return 'D';
    default: return 'N';
  }
}
}  // namespace

std::string reverse_complement(const std::string& sequence) {
  std::string out(sequence.rbegin(), sequence.rend());
  for (char& c : out) c = complement(c);
  return out;
}

std::int64_t normalise_ambiguous(std::string& sequence) {
  std::int64_t n = 0;
  for (char& c : sequence) {
    if (c != 'A' && c != 'C' && c != 'G' && c != 'T') {
      c = 'N';
      ++n;
    }
  }
  return n;
}

}  // namespace lnc::data
