#include "data/genome/task4_coding_vs_lncrna.h"

#include <algorithm>

#include "data/genome/class_balance.h"
#include "data/genome/promoter_rows.h"
#include "base/input_error.h"

namespace lnc::data {

TaskDataset build_task4(const GenomeContext& ctx, std::int64_t length) {
  const GenomeDatasetsConfig& cfg = ctx.config;
  TaskDataset ds;
  ds.task = "task4";
  ds.length = length;
  ds.label_meaning = {{1, "protein-coding gene promoter"}, {0, "lncRNA gene promoter"}};
  auto in = [](const std::vector<std::string>& list, const std::string& b) {
    return std::find(list.begin(), list.end(), b) != list.end();
  };
  std::vector<PromoterCandidate> candidates;
  std::int64_t genes[2] = {0, 0};
  for (std::size_t i = 0; i < ctx.gtf.genes().size(); ++i) {
    const std::string& b = ctx.gtf.genes()[i].biotype;
    if (in(cfg.coding_biotypes, b)) {
      candidates.push_back({i, 1});
      ++genes[1];
    } else if (in(cfg.lncrna_biotypes, b)) {
      candidates.push_back({i, 0});
      ++genes[0];
    }
  }
  ds.rows = promoter_rows(ctx, candidates, length, ds.skips);
  std::int64_t n[2] = {0, 0};
  for (const DatasetRow& r : ds.rows) ++n[r.label];
  for (int label : {1, 0})
    if (n[label] == 0)
      throw InputError(cfg.gtf, 0, label ? "genome.coding_biotypes" : "genome.lncrna_biotypes",
                       std::string("task4: no usable promoter window for the ") + (label ? "coding" : "lncRNA") +
                           " class (" + std::to_string(genes[label]) + " annotated genes of these biotypes)");
  DeterministicRng rng(cfg.seed, ds.name() + "/balance");
  balance_classes(ds.rows, rng, ds.skips);
  ds.details = {{"annotated_genes", {{"1", genes[1]}, {"0", genes[0]}}},
                {"windows_before_balance", {{"1", n[1]}, {"0", n[0]}}}};
  return ds;
}

}  // namespace lnc::data
