#pragma once
// The promoter window of length l at a TSS: it ends 50 bp downstream of the TSS on the gene's strand, so it
// holds l-51 bases upstream, the TSS itself and 50 bases downstream (GUE's 300 bp = 249 + TSS + 50; the
// paper's "l-49 upstream" counts the TSS into the upstream part twice over, see docs/datasets.md).
//   plus strand : [tss-(l-51), tss+50]              read as is
//   minus strand: [tss-50,     tss+(l-51)]          reverse-complemented, so the sequence reads 5'->3'
//                                                   on the gene's strand and the TSS is at index l-51.
// Coordinates are 1-based inclusive. Requires l > 50.
#include <cstdint>
#include <string>

namespace lnc::data {

inline constexpr std::int64_t kPromoterDownstream = 50;

struct GenomicInterval {
  std::int64_t start = 0;  // 1-based inclusive
  std::int64_t end = 0;
};

// Offset of base `position` (0-based) from the TSS in a window of `length` bases: the TSS is base
// length - 51, so the first base is -(length - 51), the TSS 0 and the last base +50 (the study's Figure 2 axis).
inline std::int64_t offset_from_tss(std::int64_t position, std::int64_t length) {
  return position - (length - kPromoterDownstream - 1);
}

GenomicInterval promoter_window(std::int64_t tss, char strand, std::int64_t length);

// A window's anchor: the position that promoter_window(anchor, strand, length) maps back to `window`
// (used to give random genomic windows a "tss" column with the same meaning).
std::int64_t window_anchor(const GenomicInterval& window, char strand);

std::string reverse_complement(const std::string& sequence);  // IUPAC-aware; other letters become N

// Counts bases other than A, C, G, T (N, IUPAC codes) and rewrites them as N.
std::int64_t normalise_ambiguous(std::string& sequence);

}  // namespace lnc::data
