#include "data/genome/gene_tss.h"

#include <climits>
#include <cstdlib>
#include <stdexcept>
#include <tuple>

namespace lnc::data {
namespace {

// Smaller is better: (tier, appris level inside tier 3).
std::pair<int, int> rank(const GtfTranscript& tx) {
  if (tx.has_tag("Ensembl_canonical")) return {1, 0};
  if (tx.has_tag("MANE_Select")) return {2, 0};
  int best_appris = INT_MAX;
  for (const std::string& tag : tx.tags) {
    static const std::string prefix = "appris_principal_";
    if (tag.rfind(prefix, 0) == 0) best_appris = std::min(best_appris, std::atoi(tag.c_str() + prefix.size()));
  }
  if (best_appris != INT_MAX) return {3, best_appris};
  if (tx.has_tag("basic")) return {4, 0};
  return {5, 0};
}

const char* tier_name(int tier) {
  switch (tier) {
    case 1: return "Ensembl_canonical";
    case 2: return "MANE_Select";
    case 3: return "appris_principal";
    case 4: return "basic";
    default: return "any";
  }
}

}  // namespace

GeneTss gene_tss(const GtfAnnotation& gtf, const GtfGene& gene, TssRule rule) {
  if (rule == TssRule::gene_start || gene.transcripts.empty())
    return {gene.strand == '-' ? gene.end : gene.start, "", "gene"};
  const GtfTranscript* best = nullptr;
  std::pair<int, int> best_rank;
  for (std::size_t index : gene.transcripts) {
    const GtfTranscript& tx = gtf.transcripts()[index];
    auto r = rank(tx);
    if (!best) {
      best = &tx;
      best_rank = r;
      continue;
    }
    const std::int64_t span = tx.end - tx.start, best_span = best->end - best->start;
    if (std::make_tuple(r.first, r.second, -span, tx.id) <
        std::make_tuple(best_rank.first, best_rank.second, -best_span, best->id)) {
      best = &tx;
      best_rank = r;
    }
  }
  return {best->tss(), best->id, tier_name(best_rank.first)};
}

}  // namespace lnc::data
