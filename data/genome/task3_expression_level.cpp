#include "data/genome/task3_expression_level.h"

#include "data/genome/class_balance.h"
#include "data/genome/promoter_rows.h"
#include "base/input_error.h"

namespace lnc::data {
namespace {

nlohmann::json biotypes_by_label(const std::vector<DatasetRow>& rows) {
  std::map<std::string, std::map<std::string, std::int64_t>> counts;
  for (const DatasetRow& r : rows) ++counts[std::to_string(r.label)][r.biotype];
  return counts;
}

}  // namespace

TaskDataset build_task3(const GenomeContext& ctx, const GtexGct& gct, const ExpressionClasses& classes,
                        std::int64_t length) {
  const GenomeDatasetsConfig& cfg = ctx.config;
  TaskDataset ds;
  ds.task = "task3";
  ds.length = length;
  ds.label_meaning = {{1, "high expression in every GTEx tissue"}, {0, "low expression in every GTEx tissue"}};
  std::vector<PromoterCandidate> candidates;
  for (std::size_t g : classes.high) candidates.push_back({g, 1});
  for (std::size_t g : classes.low) candidates.push_back({g, 0});
  ds.rows = promoter_rows(ctx, candidates, length, ds.skips);
  std::int64_t n[2] = {0, 0};
  for (const DatasetRow& r : ds.rows) ++n[r.label];
  for (int label : {1, 0})
    if (n[label] == 0)
      throw InputError(gct.path, 0, label ? "genome.high_percentile" : "genome.low_percentile",
                       std::string("task3: the ") + (label ? "high" : "low") + "-expression class is empty (" +
                           std::to_string(label ? classes.high.size() : classes.low.size()) + " genes of " +
                           std::to_string(classes.population) +
                           " in GCT and GTF qualify before windows are taken); check the thresholds "
                           "(inclusive_thresholds) and task3_biotypes");
  nlohmann::json before = biotypes_by_label(ds.rows);
  if (cfg.task3_balance) {
    DeterministicRng rng(cfg.seed, ds.name() + "/balance");
    balance_classes(ds.rows, rng, ds.skips);
  }
  ds.details = classes.to_json(gct.tissues);
  ds.details["biotypes_by_label_before_balance"] = before;
  ds.details["biotypes_by_label"] = biotypes_by_label(ds.rows);
  ds.details["balanced"] = cfg.task3_balance;
  ds.extra_files["expression_stats.tsv"] = expression_stats_tsv(classes);
  return ds;
}

}  // namespace lnc::data
