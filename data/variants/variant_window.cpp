#include "data/variants/variant_window.h"

#include <algorithm>

#include "data/genome/fasta_genome.h"

namespace lnc::data {

ChangeOnStrand change_on_strand(const TrimmedChange& change, const GenomicInterval& window, char strand) {
  const auto r = static_cast<std::int64_t>(change.ref.size());
  if (strand == '-')
    return {window.end - (change.pos + r - 1), reverse_complement(change.ref), reverse_complement(change.alt)};
  return {change.pos - window.start, change.ref, change.alt};
}

bool change_in_window(const ChangeOnStrand& change, std::int64_t length) {
  const auto r = static_cast<std::int64_t>(change.ref.size());
  if (r == 0) return change.index >= 1 && change.index <= length - 1;
  return change.index + r - 1 >= 0 && change.index <= length - 1;
}

std::optional<std::string> alt_window(const std::string& context, std::int64_t up, std::int64_t length,
                                      const ChangeOnStrand& change) {
  const auto r = static_cast<std::int64_t>(change.ref.size());
  const auto a = static_cast<std::int64_t>(change.alt.size());
  const std::int64_t at = up + change.index;
  if (at < 0 || at + r > static_cast<std::int64_t>(context.size())) return std::nullopt;
  const std::string applied = context.substr(0, static_cast<std::size_t>(at)) + change.alt +
                              context.substr(static_cast<std::size_t>(at + r));
  const std::int64_t tss_index = length - kPromoterDownstream - 1;
  const bool upstream = change.index + r <= tss_index;
  const std::int64_t start = upstream ? up + (a - r) : up;
  if (start < 0 || start + length > static_cast<std::int64_t>(applied.size())) return std::nullopt;
  return applied.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(length));
}

std::optional<VariantWindows> variant_windows(const FastaGenome& genome, const std::string& chrom,
                                              const GenomicInterval& window, char strand, std::int64_t length,
                                              const TrimmedChange& change) {
  const auto r = static_cast<std::int64_t>(change.ref.size());
  const auto a = static_cast<std::int64_t>(change.alt.size());
  // Enough flank for a change that runs past the window's edge (r) and for the bases a deletion pulls in (r - a).
  const std::int64_t margin = r + std::max<std::int64_t>(0, r - a);
  const std::int64_t left = std::min(margin, window.start - 1);
  const std::int64_t right = std::min(margin, genome.length(chrom) - window.end);
  std::string context = genome.fetch(chrom, window.start - left, window.end + right);
  std::int64_t up = left;
  if (strand == '-') {
    context = reverse_complement(context);
    up = right;
  }
  const ChangeOnStrand on_strand = change_on_strand(change, window, strand);
  std::optional<std::string> alt = alt_window(context, up, length, on_strand);
  if (!alt) return std::nullopt;
  VariantWindows out;
  out.ref = context.substr(static_cast<std::size_t>(up), static_cast<std::size_t>(length));
  out.alt = std::move(*alt);
  normalise_ambiguous(out.ref);
  normalise_ambiguous(out.alt);
  out.offset = offset_from_tss(on_strand.index, length);
  return out;
}

}  // namespace lnc::data
