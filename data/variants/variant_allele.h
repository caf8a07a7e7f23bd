#pragma once
// One ALT allele of a VCF record as a change to the forward strand (multi-allelic records are split into one
// VariantAllele per ALT). Classification decides what is scored:
//   snv / mnv / insertion / deletion / complex (REF and ALT of different lengths, both non-empty after trimming)
//   are scored; symbolic (<DEL>, <INS>, <*>), breakend (ALT with '[' or ']', or a single-breakend '.X' / 'X.'),
//   spanning_deletion ('*'), no_alt ('.') and identical (ALT equal to REF) are skip reasons.
// Trimming: the shared prefix, then the shared suffix of REF and ALT are removed (prefix first, so VCF's leading
// padding base goes and an indel stays where the VCF puts it: REF=A ALT=AAC inserts "AC" after POS), so the change
// is `ref` replaced by `alt` at `pos` (1-based), one of them possibly empty. An insertion (empty `ref`) lies
// between bases pos-1 and pos. Indels are taken where the VCF places them, not left-aligned.
#include <cstdint>
#include <string>

namespace lnc::data {

enum class AlleleKind { snv, mnv, insertion, deletion, complex, symbolic, breakend, spanning_deletion, no_alt, identical };

std::string allele_kind_name(AlleleKind kind);  // "snv", ..., "spanning_deletion", ...
bool is_scorable(AlleleKind kind);              // snv, mnv, insertion, deletion, complex

// Only the five letters A C G T N (upper-cased) make a sequence allele; anything else is not.
bool is_base_allele(const std::string& allele);

AlleleKind classify_allele(const std::string& ref, const std::string& alt);  // REF/ALT upper-cased

struct TrimmedChange {
  std::int64_t pos = 0;  // 1-based first base of `ref` (for an insertion: the base after the insertion point)
  std::string ref;       // forward strand, may be empty (insertion)
  std::string alt;       // forward strand, may be empty (deletion)
};

// Requires a scorable kind.
TrimmedChange trim_change(std::int64_t pos, const std::string& ref, const std::string& alt);

}  // namespace lnc::data
