#include "data/variants/promoter_index.h"

#include <algorithm>

namespace lnc::data {

PromoterIndex::PromoterIndex(const GtfAnnotation& gtf, const FastaGenome& genome, TssRule rule, std::int64_t length)
    : length_(length) {
  const ChromosomeMatch match = genome.reconcile(gtf.chromosomes());
  for (std::size_t i = 0; i < gtf.genes().size(); ++i) {
    const GtfGene& gene = gtf.genes()[i];
    auto it = match.to_fasta.find(gene.chrom);
    if (it == match.to_fasta.end()) {
      ++without_["chromosome_not_in_fasta"];
      continue;
    }
    if (gene.strand != '+' && gene.strand != '-') {
      ++without_["no_strand"];
      continue;
    }
    const std::int64_t tss = gene_tss(gtf, gene, rule).position;
    const GenomicInterval w = promoter_window(tss, gene.strand, length);
    if (w.start < 1 || w.end > genome.length(it->second)) {
      ++without_["off_chromosome"];
      continue;
    }
    windows_.push_back({i, it->second, gene.strand, tss, w});
  }
  for (std::size_t i = 0; i < windows_.size(); ++i) by_start_[windows_[i].chrom].push_back(i);
  for (auto& [chrom, indices] : by_start_)
    std::stable_sort(indices.begin(), indices.end(), [this](std::size_t a, std::size_t b) {
      return windows_[a].window.start < windows_[b].window.start;
    });
}

std::vector<const GeneWindow*> PromoterIndex::overlapping(const std::string& chrom, std::int64_t start,
                                                          std::int64_t end) const {
  std::vector<const GeneWindow*> out;
  auto it = by_start_.find(chrom);
  if (it == by_start_.end()) return out;
  const auto& indices = it->second;
  // Every window has length_ bases, so one intersecting [start, end] starts in [start - length_ + 1, end].
  auto first = std::lower_bound(indices.begin(), indices.end(), start - length_ + 1,
                                [this](std::size_t i, std::int64_t v) { return windows_[i].window.start < v; });
  std::vector<std::size_t> hits;
  for (auto p = first; p != indices.end() && windows_[*p].window.start <= end; ++p)
    if (windows_[*p].window.end >= start) hits.push_back(*p);
  std::sort(hits.begin(), hits.end());  // annotation order
  for (std::size_t i : hits) out.push_back(&windows_[i]);
  return out;
}

}  // namespace lnc::data
