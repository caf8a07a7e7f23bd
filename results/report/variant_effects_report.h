#pragma once
// `lnctrain report --variants FILE.tsv`: the largest effects of a score-variants table (data/variants/variant_table.h)
// and a figure of effect against position. Files written under out_dir (each atomically):
//   variants_top.md    the kTopVariants rows with the largest |dprob| (ties: larger |dlogit|, then table order):
//                      rank, variant (chrom:pos ref>alt), gene (name and id), strand, offset, p_ref, p_alt (4
//                      decimals), dprob, dlogit (3 significant digits)
//   variants_effect.png (kVariantFigureWidth x kVariantFigureHeight): one point per row, x = LNC_OFFSET (bp from the
//                      TSS on the gene's strand), y = dprob, plus-strand genes blue, minus-strand orange; a dashed
//                      line at the TSS and a line at dprob 0.
// `summary` receives the table and the files written.
#include <ostream>
#include <string>

namespace lnc::results {

inline constexpr int kTopVariants = 20;
inline constexpr int kVariantFigureWidth = 900, kVariantFigureHeight = 500;

// InputError naming the TSV (missing, malformed) or the output path.
void write_variant_report(const std::string& tsv_path, const std::string& out_dir, std::ostream& summary);

}  // namespace lnc::results
