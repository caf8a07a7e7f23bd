#include "data/genome/task2_genomic_background.h"

#include "data/genome/genomic_negatives.h"
#include "data/genome/promoter_positives.h"

namespace lnc::data {

TaskDataset build_task2(const GenomeContext& ctx, const GuePositives* gue, std::int64_t length) {
  TaskDataset ds;
  ds.task = "task2";
  ds.length = length;
  ds.label_meaning = {{1, "promoter"}, {0, "random genomic window outside promoter regions"}};
  ds.rows = promoter_positives(ctx, gue, ds.task, length, ds.skips);
  DeterministicRng rng(ctx.config.seed, ds.name() + "/negatives");
  NegativeSampling negatives = sample_genomic_negatives(ctx, length, ds.rows.size(), rng);
  for (DatasetRow& r : negatives.rows) ds.rows.push_back(std::move(r));
  ds.details = {{"positives_from", gue ? "gue_csv" : "gtf_promoters"}, {"negative_sampling", negatives.report}};
  return ds;
}

}  // namespace lnc::data
