#pragma once
// Which windows a VCF's variants are scored in: the VCF read through VcfReader, each record's chromosome mapped onto
// the FASTA's name the way the builder maps the GTF's (FastaGenome::fasta_name_for: "chr1" <-> "1", MT <-> chrM),
// REF checked against the FASTA, multi-allelic records split, each ALT allele placed in every gene's promoter window
// it touches (promoter_index.h, variant_window.h). The same on every rank (no randomness, input order).
//
// Per ALT allele, in this order, exactly one of:
//   skipped "chromosome_not_in_fasta"   the record's chromosome has no FASTA sequence under any spelling
//   skipped "ref_mismatch"              REF differs from the FASTA (only with on_ref_mismatch = skip; else the
//                                       InputError names the VCF line). 'N' on either side matches any base. A REF
//                                       running past the chromosome's end is a mismatch too.
//   skipped "symbolic_allele", "breakend", "spanning_deletion", "no_alt", "alt_equals_ref"   (variant_allele.h)
//   skipped "longer_than_window"        REF or ALT (trimmed) longer than the window: not a short variant
//   outside                             in no gene's window
//   skipped "alt_window_off_chromosome" in windows, but every alt window needs bases past the chromosome's end
//   scored                              one VariantItem per gene window it touches
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "data/genome/fasta_genome.h"
#include "data/genome/gtf_annotation.h"
#include "data/variants/promoter_index.h"
#include "data/variants/variant_window.h"
#include "data/variants/vcf_reader.h"

namespace lnc::data {

enum class RefMismatch { error, skip };

struct VariantItem {  // one ALT allele in one gene's window
  std::int64_t record = 0;  // 0-based data line of the VCF
  long line = 0;            // its line in the file
  int allele = 1;           // 1-based ALT index
  std::string chrom;        // as the VCF writes it
  std::int64_t pos = 0;     // VCF POS
  std::string ref, alt;     // VCF alleles (upper-cased)
  AlleleKind kind = AlleleKind::snv;
  std::size_t gene = 0;     // index into gtf.genes()
  std::string gene_id, gene_name;
  char strand = '+';
  std::int64_t tss = 0;
  VariantWindows windows;
  std::int64_t kept = -1;   // index into VariantPlan::kept_records() when records are kept
};

struct VariantCounts {
  std::int64_t records = 0;   // VCF data lines
  std::int64_t variants = 0;  // ALT alleles (multi-allelic records split)
  std::int64_t scored = 0;    // variants scored in at least one window
  std::int64_t outside = 0;   // variants in no window
  std::map<std::string, std::int64_t> skipped;  // reason -> variants
};

struct VariantPlanOptions {
  std::int64_t length = 0;
  TssRule tss_rule = TssRule::canonical_transcript;
  RefMismatch on_ref_mismatch = RefMismatch::error;
  bool keep_records = false;  // copy the records that have items (for the VCF writer)
};

class VariantPlan {
 public:
  VariantPlan() = default;
  ~VariantPlan();
  VariantPlan(VariantPlan&& other) noexcept;
  VariantPlan& operator=(VariantPlan&&) = delete;
  VariantPlan(const VariantPlan&) = delete;

  std::vector<VariantItem> items;  // VCF order, then ALT index, then annotation order of the genes
  VariantCounts counts;
  std::map<std::string, std::string> renamed_chromosomes;  // VCF name -> FASTA name, where they differ
  std::vector<std::string> chromosomes_not_in_fasta;      // VCF names (sorted)

  const bcf_hdr_t* header() const { return header_; }  // the VCF's header (kept records only)
  const std::vector<bcf1_t*>& kept_records() const { return kept_; }

 private:
  friend VariantPlan plan_variants(const std::string&, const FastaGenome&, const GtfAnnotation&,
                                   const VariantPlanOptions&);
  bcf_hdr_t* header_ = nullptr;
  std::vector<bcf1_t*> kept_;
};

// Reads the whole VCF. InputErrors name the VCF and its line (malformed records, REF mismatches in error mode).
VariantPlan plan_variants(const std::string& vcf_path, const FastaGenome& genome, const GtfAnnotation& gtf,
                          const VariantPlanOptions& options);

// "12 records, 14 variants: 9 scored (10 gene windows), 3 outside every window, skipped: ref_mismatch 1, ..."
std::string summary_line(const VariantPlan& plan);

}  // namespace lnc::data
