#include "data/genome/genomic_negatives.h"

#include <algorithm>
#include <map>

#include "data/genome/promoter_rows.h"
#include "base/input_error.h"

namespace lnc::data {
namespace {

bool touches(const std::vector<GenomicInterval>& merged, const GenomicInterval& w) {
  // First region ending at or after w.start; it overlaps when it starts at or before w.end.
  auto it = std::lower_bound(merged.begin(), merged.end(), w.start,
                             [](const GenomicInterval& r, std::int64_t pos) { return r.end < pos; });
  return it != merged.end() && it->start <= w.end;
}

}  // namespace

std::map<std::string, std::vector<GenomicInterval>> promoter_exclusion_regions(const GenomeContext& ctx,
                                                                                std::int64_t length) {
  const std::int64_t d = ctx.config.exclusion_distance;
  std::map<std::string, std::vector<GenomicInterval>> regions;
  auto add = [&](const std::string& chrom, std::int64_t tss, char strand) {
    GenomicInterval w;
    if (strand == '+' || strand == '-') {
      w = promoter_window(tss, strand, length);
    } else {  // unstranded: either orientation
      w = {promoter_window(tss, '+', length).start, promoter_window(tss, '-', length).end};
    }
    regions[chrom].push_back({w.start - d, w.end + d});
  };
  for (const GtfGene& gene : ctx.gtf.genes()) {
    std::string chrom = ctx.fasta_chrom(gene);
    if (chrom.empty()) continue;
    add(chrom, gene.strand == '-' ? gene.end : gene.start, gene.strand);
    for (std::size_t t : gene.transcripts) {
      const GtfTranscript& tx = ctx.gtf.transcripts()[t];
      add(chrom, tx.tss(), tx.strand);
    }
  }
  for (auto& [chrom, list] : regions) {
    std::sort(list.begin(), list.end(),
              [](const GenomicInterval& a, const GenomicInterval& b) { return a.start < b.start; });
    std::vector<GenomicInterval> merged;
    for (const GenomicInterval& r : list) {
      if (!merged.empty() && r.start <= merged.back().end + 1)
        merged.back().end = std::max(merged.back().end, r.end);
      else
        merged.push_back(r);
    }
    list = std::move(merged);
  }
  return regions;
}

NegativeSampling sample_genomic_negatives(const GenomeContext& ctx, std::int64_t length, std::size_t count,
                                          DeterministicRng& rng) {
  const GenomeDatasetsConfig& cfg = ctx.config;
  // Chromosomes to draw from, in FASTA order.
  std::vector<std::string> chroms;
  if (!cfg.negative_chromosomes.empty()) {
    for (const std::string& name : cfg.negative_chromosomes) {
      std::string fasta = ctx.genome->fasta_name_for(name);
      if (fasta.empty())
        throw InputError(cfg.source, 0, "genome.negative_chromosomes", "'" + name + "' is not in " + cfg.fasta);
      if (std::find(chroms.begin(), chroms.end(), fasta) == chroms.end()) chroms.push_back(fasta);
    }
  } else {
    for (const std::string& name : ctx.genome->names())
      for (const auto& [annotation, fasta] : ctx.chromosomes.to_fasta)
        if (fasta == name) {
          chroms.push_back(name);
          break;
        }
  }
  std::vector<std::int64_t> cumulative;  // window starts available up to and including each chromosome
  std::vector<std::string> usable;
  std::int64_t total = 0;
  for (const std::string& c : chroms) {
    const std::int64_t starts = ctx.genome->length(c) - length + 1;
    if (starts <= 0) continue;
    total += starts;
    cumulative.push_back(total);
    usable.push_back(c);
  }
  if (total == 0) throw InputError(cfg.fasta, 0, "", "no chromosome is long enough for a " + std::to_string(length) +
                                                          " bp window");

  const auto regions = promoter_exclusion_regions(ctx, length);
  static const std::vector<GenomicInterval> none;
  const std::int64_t max_n = max_ambiguous_bases(cfg.n_max_fraction, length);
  std::map<std::string, std::map<std::int64_t, std::int64_t>> accepted;  // chrom -> start -> end
  NegativeSampling out;
  std::int64_t draws = 0, near_promoter = 0, overlapping = 0, too_many_n = 0;
  const std::int64_t max_draws = cfg.negative_attempts_factor * static_cast<std::int64_t>(std::max<std::size_t>(count, 1));
  while (out.rows.size() < count) {
    if (draws >= max_draws)
      throw InputError(cfg.fasta, 0, "", "task2: drew " + std::to_string(draws) + " random " + std::to_string(length) +
                                             " bp windows but only " + std::to_string(out.rows.size()) + " of " +
                                             std::to_string(count) + " lie outside promoter regions with few enough N (" +
                                             std::to_string(near_promoter) + " near a promoter, " +
                                             std::to_string(too_many_n) + " too many N, " + std::to_string(overlapping) +
                                             " overlapping); lower exclusion_distance or raise negative_attempts_factor");
    ++draws;
    const std::int64_t r = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(total)));
    const char strand = rng.below(2) == 0 ? '+' : '-';
    const std::size_t ci = static_cast<std::size_t>(
        std::upper_bound(cumulative.begin(), cumulative.end(), r) - cumulative.begin());
    const std::int64_t offset = r - (ci == 0 ? 0 : cumulative[ci - 1]);
    const std::string& chrom = usable[ci];
    GenomicInterval w{offset + 1, offset + length};
    auto reg = regions.find(chrom);
    if (touches(reg == regions.end() ? none : reg->second, w)) {
      ++near_promoter;
      continue;
    }
    auto& taken = accepted[chrom];
    auto next = taken.lower_bound(w.start);
    bool overlaps = (next != taken.end() && next->first <= w.end);
    if (!overlaps && next != taken.begin()) overlaps = std::prev(next)->second >= w.start;
    if (overlaps) {
      ++overlapping;
      continue;
    }
    std::string seq = ctx.genome->fetch(chrom, w.start, w.end);
    if (strand == '-') seq = reverse_complement(seq);
    if (normalise_ambiguous(seq) > max_n) {
      ++too_many_n;
      continue;
    }
    taken.emplace(w.start, w.end);
    DatasetRow row;
    row.sequence = std::move(seq);
    row.label = 0;
    row.chrom = chrom;
    row.strand = strand;
    row.window = w;
    row.tss = window_anchor(w, strand);
    out.rows.push_back(std::move(row));
  }
  out.report = {{"draws", draws},
                {"rejected_near_promoter", near_promoter},
                {"rejected_overlapping_negative", overlapping},
                {"rejected_too_many_n", too_many_n},
                {"chromosomes", usable},
                {"exclusion_distance", cfg.exclusion_distance}};
  return out;
}

}  // namespace lnc::data
