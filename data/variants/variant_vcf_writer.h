#pragma once
// The scored VCF: bgzip-compressed, tabix-indexed (<path> and <path>.tbi), written through HTSlib under temporary
// names and renamed into place (the VCF first, then its index), so no reader sees a half-written file.
//
// Format (VCFv4.2 as HTSlib writes it):
//   header      the input's header lines without its sample columns, plus
//                 ##INFO=<ID=LNC_GENE,Number=1,Type=String,Description="Gene (gene_id) whose promoter window holds the variant">
//                 ##INFO=<ID=LNC_STRAND,Number=1,Type=String,Description="Gene strand (+ or -)">
//                 ##INFO=<ID=LNC_OFFSET,Number=1,Type=Integer,Description="Position of the variant's first changed base relative to the TSS on the gene's strand (0 = TSS, -1 = the base upstream)">
//                 ##INFO=<ID=LNC_P_REF,Number=1,Type=Float,Description="Class-1 probability of the reference window">
//                 ##INFO=<ID=LNC_P_ALT,Number=1,Type=Float,Description="Class-1 probability of the alternative window">
//                 ##INFO=<ID=LNC_DPROB,Number=1,Type=Float,Description="LNC_P_ALT - LNC_P_REF">
//                 ##INFO=<ID=LNC_DLOGIT,Number=1,Type=Float,Description="Class-1 log-odds, alternative minus reference">
//               and the caller's extra lines (##lnctrain_score_variants=...: run, length, TSS rule).
//   records     one per scored (ALT allele, gene window): the input record's CHROM, POS, ID, QUAL, FILTER and INFO,
//               REF and that one ALT (multi-allelic records split, as bcftools norm -m-), the seven LNC_* fields.
//               Sites only: sample columns are dropped (a split record's genotypes would need renumbering, and the
//               scores are per site). A split record drops its INFO fields of Number=A, R or G (one value per allele,
//               no longer matching). Sorted by chromosome (header order), POS, input order, ALT index, gene
//               (annotation order). Floats are float32 written by HTSlib with 6 significant digits (%g); the TSV has
//               the full values.
#include <string>
#include <vector>

#include "data/variants/variant_effects.h"
#include "data/variants/variant_plan.h"

namespace lnc::data {

// `plan` must have been made with keep_records; effects are parallel to plan.items.
void write_variant_vcf(const std::string& path, const VariantPlan& plan, const std::vector<VariantEffect>& effects,
                       const std::vector<std::string>& extra_header_lines);

// The order the records are written in (indices into plan.items), also the TSV's.
std::vector<std::size_t> output_order(const VariantPlan& plan);

}  // namespace lnc::data
