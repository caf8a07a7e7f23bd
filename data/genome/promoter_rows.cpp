#include "data/genome/promoter_rows.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace lnc::data {

std::int64_t max_ambiguous_bases(double n_max_fraction, std::int64_t length) {
  // The epsilon keeps 0.1 * 300 at 30 despite binary rounding.
  return static_cast<std::int64_t>(std::floor(n_max_fraction * static_cast<double>(length) + 1e-9));
}

std::vector<DatasetRow> promoter_rows(const GenomeContext& ctx, const std::vector<PromoterCandidate>& candidates,
                                      std::int64_t length, SkipCounts& skips) {
  const std::int64_t max_n = max_ambiguous_bases(ctx.config.n_max_fraction, length);
  std::vector<DatasetRow> rows;
  for (const PromoterCandidate& c : candidates) {
    const GtfGene& gene = ctx.gtf.genes()[c.gene];
    std::string chrom = ctx.fasta_chrom(gene);
    if (chrom.empty()) {
      ++skips["chromosome_not_in_fasta"];
      continue;
    }
    if (gene.strand != '+' && gene.strand != '-') {
      ++skips["no_strand"];
      continue;
    }
    const std::int64_t tss = ctx.tss[c.gene].position;
    GenomicInterval w = promoter_window(tss, gene.strand, length);
    if (w.start < 1 || w.end > ctx.genome->length(chrom)) {
      ++skips["off_chromosome"];
      continue;
    }
    std::string seq = ctx.genome->fetch(chrom, w.start, w.end);
    if (gene.strand == '-') seq = reverse_complement(seq);
    if (normalise_ambiguous(seq) > max_n) {
      ++skips["too_many_n"];
      continue;
    }
    DatasetRow row;
    row.sequence = std::move(seq);
    row.label = c.label;
    row.gene_id = gene.id;
    row.gene_name = gene.name;
    row.biotype = gene.biotype;
    row.chrom = chrom;
    row.tss = tss;
    row.strand = gene.strand;
    row.window = w;
    rows.push_back(std::move(row));
  }

  // Identical windows: group by (chrom, start, strand).
  std::map<std::tuple<std::string, std::int64_t, char>, std::vector<std::size_t>> same;
  for (std::size_t i = 0; i < rows.size(); ++i) same[{rows[i].chrom, rows[i].window.start, rows[i].strand}].push_back(i);
  std::vector<bool> keep(rows.size(), true);
  for (const auto& [where, members] : same) {
    if (members.size() < 2) continue;
    bool conflicting = std::any_of(members.begin(), members.end(),
                                   // the label by value: C++17 lambdas cannot capture a structured binding (clang)
                                   [&rows, first = rows[members[0]].label](std::size_t i) { return rows[i].label != first; });
    if (conflicting) {
      for (std::size_t i : members) keep[i] = false;
      skips["conflicting_duplicate_window"] += static_cast<std::int64_t>(members.size());
      continue;
    }
    std::size_t best = members[0];
    for (std::size_t i : members)
      if (rows[i].gene_id < rows[best].gene_id) best = i;
    for (std::size_t i : members)
      if (i != best) keep[i] = false;
    skips["duplicate_window"] += static_cast<std::int64_t>(members.size() - 1);
  }
  std::vector<DatasetRow> kept;
  kept.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (keep[i]) kept.push_back(std::move(rows[i]));
  return kept;
}

}  // namespace lnc::data
