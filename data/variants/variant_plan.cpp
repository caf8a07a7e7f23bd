#include "data/variants/variant_plan.h"

#include <htslib/vcf.h>

#include <algorithm>
#include <set>

#include "base/input_error.h"

namespace lnc::data {
namespace {

bool same_base(char vcf, char fasta) { return vcf == fasta || vcf == 'N' || fasta == 'N'; }

}  // namespace

VariantPlan::~VariantPlan() {
  for (bcf1_t* r : kept_) bcf_destroy(r);
  if (header_) bcf_hdr_destroy(header_);
}

VariantPlan::VariantPlan(VariantPlan&& o) noexcept
    : items(std::move(o.items)),
      counts(std::move(o.counts)),
      renamed_chromosomes(std::move(o.renamed_chromosomes)),
      chromosomes_not_in_fasta(std::move(o.chromosomes_not_in_fasta)),
      header_(o.header_),
      kept_(std::move(o.kept_)) {
  o.header_ = nullptr;
  o.kept_.clear();
}

VariantPlan plan_variants(const std::string& vcf_path, const FastaGenome& genome, const GtfAnnotation& gtf,
                          const VariantPlanOptions& options) {
  const std::int64_t length = options.length;
  const PromoterIndex index(gtf, genome, options.tss_rule, length);
  VcfReader vcf(vcf_path);
  VariantPlan plan;
  std::set<std::string> missing;
  while (vcf.next()) {
    ++plan.counts.records;
    const std::vector<std::string> alts = vcf.alts();
    plan.counts.variants += static_cast<std::int64_t>(alts.size());
    auto skip_all = [&](const std::string& reason) { plan.counts.skipped[reason] += static_cast<std::int64_t>(alts.size()); };
    const std::string chrom = genome.fasta_name_for(vcf.chrom());
    if (chrom.empty()) {
      missing.insert(vcf.chrom());
      skip_all("chromosome_not_in_fasta");
      continue;
    }
    if (chrom != vcf.chrom()) plan.renamed_chromosomes[vcf.chrom()] = chrom;
    const std::string& ref = vcf.ref();
    const std::int64_t ref_end = vcf.pos() + static_cast<std::int64_t>(ref.size()) - 1;
    std::string fasta_ref;
    bool match = ref_end <= genome.length(chrom);
    if (match) {
      fasta_ref = genome.fetch(chrom, vcf.pos(), ref_end);
      for (std::size_t i = 0; i < ref.size() && match; ++i) match = same_base(ref[i], fasta_ref[i]);
    }
    if (!match) {
      if (options.on_ref_mismatch == RefMismatch::skip) {
        skip_all("ref_mismatch");
        continue;
      }
      const std::string where = chrom + ":" + std::to_string(vcf.pos());
      throw InputError(vcf_path, vcf.line(), "",
                       "REF '" + ref + "' does not match the FASTA " + genome.path() + " at " + where +
                           (fasta_ref.empty() ? " (it runs past the chromosome's end, length " +
                                                    std::to_string(genome.length(chrom)) + ")"
                                              : " ('" + fasta_ref + "')") +
                           "; is it the same genome build? (--on-ref-mismatch skip counts such records instead)");
    }
    bool record_kept = false;
    for (std::size_t k = 0; k < alts.size(); ++k) {
      const std::string& alt = alts[k];
      const AlleleKind kind = classify_allele(ref, alt);
      if (!is_scorable(kind)) {
        ++plan.counts.skipped[allele_kind_name(kind)];
        continue;
      }
      const TrimmedChange change = trim_change(vcf.pos(), ref, alt);
      if (static_cast<std::int64_t>(std::max(change.ref.size(), change.alt.size())) > length) {
        ++plan.counts.skipped["longer_than_window"];
        continue;
      }
      const auto r = static_cast<std::int64_t>(change.ref.size());
      const std::int64_t first = r > 0 ? change.pos : change.pos - 1;
      const std::int64_t last = r > 0 ? change.pos + r - 1 : change.pos;
      bool touched = false, scored = false;
      for (const GeneWindow* w : index.overlapping(chrom, first, last)) {
        if (!change_in_window(change_on_strand(change, w->window, w->strand), length)) continue;
        touched = true;
        auto windows = variant_windows(genome, chrom, w->window, w->strand, length, change);
        if (!windows) continue;
        scored = true;
        const GtfGene& gene = gtf.genes()[w->gene];
        VariantItem item;
        item.record = vcf.record_index();
        item.line = vcf.line();
        item.allele = static_cast<int>(k) + 1;
        item.chrom = vcf.chrom();
        item.pos = vcf.pos();
        item.ref = ref;
        item.alt = alt;
        item.kind = kind;
        item.gene = w->gene;
        item.gene_id = gene.id;
        item.gene_name = gene.name;
        item.strand = w->strand;
        item.tss = w->tss;
        item.windows = std::move(*windows);
        if (options.keep_records) {
          if (!record_kept) {
            bcf1_t* copy = bcf_dup(vcf.record());
            if (!copy) throw std::bad_alloc();
            plan.kept_.push_back(copy);
            record_kept = true;
          }
          item.kept = static_cast<std::int64_t>(plan.kept_.size()) - 1;
        }
        plan.items.push_back(std::move(item));
      }
      if (scored)
        ++plan.counts.scored;
      else if (touched)
        ++plan.counts.skipped["alt_window_off_chromosome"];
      else
        ++plan.counts.outside;
    }
  }
  if (options.keep_records) {
    plan.header_ = bcf_hdr_dup(vcf.header());
    if (!plan.header_) throw std::bad_alloc();
  }
  plan.chromosomes_not_in_fasta.assign(missing.begin(), missing.end());
  return plan;
}

std::string summary_line(const VariantPlan& plan) {
  const VariantCounts& c = plan.counts;
  std::string s = std::to_string(c.records) + " records, " + std::to_string(c.variants) + " variants: " +
                  std::to_string(c.scored) + " scored (" + std::to_string(plan.items.size()) + " gene windows), " +
                  std::to_string(c.outside) + " outside every window";
  std::int64_t skipped = 0;
  for (const auto& [reason, n] : c.skipped) skipped += n;
  s += ", " + std::to_string(skipped) + " skipped";
  if (skipped > 0) {
    s += " (";
    bool first = true;
    for (const auto& [reason, n] : c.skipped) {
      if (n == 0) continue;
      s += (first ? "" : ", ") + reason + " " + std::to_string(n);
      first = false;
    }
    s += ")";
  }
  return s;
}

}  // namespace lnc::data
