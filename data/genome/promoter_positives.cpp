#include "data/genome/promoter_positives.h"

#include <algorithm>

#include "data/genome/promoter_rows.h"
#include "base/input_error.h"

namespace lnc::data {

std::vector<DatasetRow> promoter_positives(const GenomeContext& ctx, const GuePositives* gue, const std::string& task,
                                           std::int64_t length, SkipCounts& skips) {
  const GenomeDatasetsConfig& cfg = ctx.config;
  if (gue) {
    if (gue->sequence_length != length)
      throw InputError(cfg.source, 0, "genome." + task + "_lengths",
                       "the GUE positives are " + std::to_string(gue->sequence_length) + " bp, so " + task +
                           " cannot be built at " + std::to_string(length) + " bp");
    for (const auto& [reason, n] : gue->skips) skips[reason] += n;
    return gue->rows;
  }
  std::vector<PromoterCandidate> candidates;
  for (std::size_t i = 0; i < ctx.gtf.genes().size(); ++i) {
    const std::string& biotype = ctx.gtf.genes()[i].biotype;
    if (std::find(cfg.promoter_biotypes.begin(), cfg.promoter_biotypes.end(), biotype) != cfg.promoter_biotypes.end())
      candidates.push_back({i, 1});
  }
  std::vector<DatasetRow> rows = promoter_rows(ctx, candidates, length, skips);
  if (rows.empty())
    throw InputError(cfg.gtf, 0, "genome.promoter_biotypes",
                     task + ": no usable promoter window of a gene with one of these biotypes");
  return rows;
}

}  // namespace lnc::data
