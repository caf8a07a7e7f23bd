#pragma once
// Every annotated gene's promoter window, exactly as the dataset builder makes it (data/genome/promoter_rows.h):
// the TSS by the rule (gene_tss.h), promoter_window() of the run's length, annotation chromosome names mapped onto
// the FASTA's (FastaGenome::reconcile). Genes whose chromosome is not in the FASTA, with strand '.', or whose window
// runs off the chromosome have no window (counted, as the builder skips them). Genes sharing one window each keep
// theirs: a variant there is reported once per gene.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "data/genome/fasta_genome.h"
#include "data/genome/gene_tss.h"
#include "data/genome/gtf_annotation.h"
#include "data/genome/promoter_window.h"

namespace lnc::data {

struct GeneWindow {
  std::size_t gene = 0;  // index into gtf.genes()
  std::string chrom;     // FASTA name
  char strand = '+';
  std::int64_t tss = 0;
  GenomicInterval window;
};

class PromoterIndex {
 public:
  PromoterIndex(const GtfAnnotation& gtf, const FastaGenome& genome, TssRule rule, std::int64_t length);

  std::int64_t length() const { return length_; }
  // Windows on FASTA chromosome `chrom` that intersect [start, end] (1-based inclusive), in annotation order.
  std::vector<const GeneWindow*> overlapping(const std::string& chrom, std::int64_t start, std::int64_t end) const;
  const std::vector<GeneWindow>& windows() const { return windows_; }  // annotation order
  const std::map<std::string, std::int64_t>& genes_without_window() const { return without_; }  // reason -> genes

 private:
  std::int64_t length_;
  std::vector<GeneWindow> windows_;                           // annotation order
  std::map<std::string, std::vector<std::size_t>> by_start_;  // chrom -> window indices sorted by start
  std::map<std::string, std::int64_t> without_;
};

}  // namespace lnc::data
