#pragma once
// A variant applied to a gene's promoter window (data/genome/promoter_window.h: the dataset builder's geometry, TSS at
// window index T = l-51 on the gene's strand).
//
// Ref window: the builder's window as is. Alt window: the trimmed change (variant_allele.h) applied to the forward
// strand, the result reverse-complemented for a minus-strand gene, then cut to the window's length l with the TSS
// kept at index T; an indel is absorbed at the end of the window on the variant's side, away from the TSS:
//   the change lies wholly upstream of the TSS (its last changed base, or an insertion point, before index T):
//     the 5' end moves (an insertion pushes bases out at the 5' end, a deletion pulls bases in from upstream);
//   otherwise (it covers the TSS or lies downstream): the 5' end stays and the 3' end moves.
// A change partly outside the window is applied as far as it reaches into it (a deletion across the window's
// edge removes the bases it covers). An insertion is in a window when it lies between two of its bases.
//
// Offset (LNC_OFFSET, the study's Figure 2 axis: offset_from_tss): window index of the first changed base on the
// gene's strand minus T (for an insertion: of the base after the insertion point on the gene's strand), so -1 is the
// base just upstream of the TSS on either strand.
#include <cstdint>
#include <optional>
#include <string>

#include "data/genome/promoter_window.h"
#include "data/variants/variant_allele.h"

namespace lnc::data {

class FastaGenome;

// The change on the gene's strand, placed in the window's index space (index may be < 0 or >= l for a change that
// only reaches into the window).
struct ChangeOnStrand {
  std::int64_t index = 0;  // first changed base on the gene's strand; insertion: the base after the insertion point
  std::string ref;         // gene strand
  std::string alt;
};

ChangeOnStrand change_on_strand(const TrimmedChange& change, const GenomicInterval& window, char strand);

// Whether the change touches the window of `length` bases (see above for insertions).
bool change_in_window(const ChangeOnStrand& change, std::int64_t length);

// The alt window from `context`: gene-strand bases made of `up` bases upstream of the window, the window's `length`
// bases, and any bases downstream. nullopt when the flank it needs is not in `context` (the chromosome's end).
std::optional<std::string> alt_window(const std::string& context, std::int64_t up, std::int64_t length,
                                      const ChangeOnStrand& change);

struct VariantWindows {
  std::string ref;      // the builder's window (non-ACGT as N)
  std::string alt;      // same length
  std::int64_t offset;  // LNC_OFFSET
};

// Both windows from the genome. `window` must lie on `chrom`; nullopt when the alt window needs bases past the
// chromosome's end.
std::optional<VariantWindows> variant_windows(const FastaGenome& genome, const std::string& chrom,
                                              const GenomicInterval& window, char strand, std::int64_t length,
                                              const TrimmedChange& change);

}  // namespace lnc::data
