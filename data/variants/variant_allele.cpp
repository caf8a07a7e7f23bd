#include "data/variants/variant_allele.h"

#include <stdexcept>

namespace lnc::data {

std::string allele_kind_name(AlleleKind kind) {
  switch (kind) {
    case AlleleKind::snv: return "snv";
    case AlleleKind::mnv: return "mnv";
    case AlleleKind::insertion: return "insertion";
    case AlleleKind::deletion: return "deletion";
    case AlleleKind::complex: return "complex";
    case AlleleKind::symbolic: return "symbolic_allele";
    case AlleleKind::breakend: return "breakend";
    case AlleleKind::spanning_deletion: return "spanning_deletion";
    case AlleleKind::no_alt: return "no_alt";
    case AlleleKind::identical: return "alt_equals_ref";
  }
  return "?";
}

bool is_scorable(AlleleKind kind) {
  return kind == AlleleKind::snv || kind == AlleleKind::mnv || kind == AlleleKind::insertion ||
         kind == AlleleKind::deletion || kind == AlleleKind::complex;
}

bool is_base_allele(const std::string& allele) {
  if (allele.empty()) return false;
  for (char c : allele)
    if (c != 'A' && c != 'C' && c != 'G' && c != 'T' && c != 'N') return false;
  return true;
}

AlleleKind classify_allele(const std::string& ref, const std::string& alt) {
  if (alt == "*") return AlleleKind::spanning_deletion;
  if (alt == "." || alt.empty()) return AlleleKind::no_alt;
  if (alt.front() == '<') return AlleleKind::symbolic;
  if (alt.find('[') != std::string::npos || alt.find(']') != std::string::npos || alt.front() == '.' ||
      alt.back() == '.')
    return AlleleKind::breakend;
  if (alt == ref) return AlleleKind::identical;
  const TrimmedChange t = trim_change(1, ref, alt);
  if (t.ref.empty()) return AlleleKind::insertion;
  if (t.alt.empty()) return AlleleKind::deletion;
  if (t.ref.size() != t.alt.size()) return AlleleKind::complex;
  return t.ref.size() == 1 ? AlleleKind::snv : AlleleKind::mnv;
}

TrimmedChange trim_change(std::int64_t pos, const std::string& ref, const std::string& alt) {
  std::size_t prefix = 0;
  while (prefix < ref.size() && prefix < alt.size() && ref[prefix] == alt[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < ref.size() - prefix && suffix < alt.size() - prefix &&
         ref[ref.size() - 1 - suffix] == alt[alt.size() - 1 - suffix])
    ++suffix;
  TrimmedChange t;
  t.pos = pos + static_cast<std::int64_t>(prefix);
  t.ref = ref.substr(prefix, ref.size() - suffix - prefix);
  t.alt = alt.substr(prefix, alt.size() - suffix - prefix);
  return t;
}

}  // namespace lnc::data
