#pragma once
// The scored variants as a TSV (written atomically beside the VCF), one row per VCF output record, same order:
//   chrom<TAB>pos<TAB>ref<TAB>alt<TAB>gene<TAB>gene_name<TAB>strand<TAB>offset<TAB>p_ref<TAB>p_alt<TAB>dprob<TAB>dlogit
// chrom, pos, ref, alt as in the VCF (one ALT per row); gene .. dlogit are the VCF's LNC_GENE .. LNC_DLOGIT
// (variant_vcf_writer.h) plus the gene's name; the four numbers with %.9g (double precision; the VCF holds them as
// float32). `report --variants FILE` reads it back (read_variant_table).
#include <cstdint>
#include <string>
#include <vector>

#include "data/variants/variant_effects.h"
#include "data/variants/variant_plan.h"

namespace lnc::data {

inline constexpr const char* kVariantTableHeader =
    "chrom\tpos\tref\talt\tgene\tgene_name\tstrand\toffset\tp_ref\tp_alt\tdprob\tdlogit";

void write_variant_table(const std::string& path, const VariantPlan& plan, const std::vector<VariantEffect>& effects);

struct VariantTableRow {
  std::string chrom;
  std::int64_t pos = 0;
  std::string ref, alt, gene, gene_name;
  char strand = '+';
  std::int64_t offset = 0;
  VariantEffect effect;
};

// InputError naming the file and line for a wrong header, column count or number.
std::vector<VariantTableRow> read_variant_table(const std::string& path);

}  // namespace lnc::data
