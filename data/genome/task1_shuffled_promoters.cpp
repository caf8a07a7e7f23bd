#include "data/genome/task1_shuffled_promoters.h"

#include "data/genome/promoter_positives.h"
#include "data/genome/sequence_shuffle.h"

namespace lnc::data {

TaskDataset build_task1(const GenomeContext& ctx, const GuePositives* gue, std::int64_t length) {
  TaskDataset ds;
  ds.task = "task1";
  ds.length = length;
  ds.label_meaning = {{1, "promoter"}, {0, "shuffled promoter (" + shuffle_kind_name(ctx.config.negatives_shuffle) + ")"}};
  std::vector<DatasetRow> positives = promoter_positives(ctx, gue, ds.task, length, ds.skips);
  DeterministicRng rng(ctx.config.seed, ds.name() + "/shuffle");
  ds.rows.reserve(2 * positives.size());
  for (DatasetRow& p : positives) ds.rows.push_back(std::move(p));
  const std::size_t n = ds.rows.size();
  for (std::size_t i = 0; i < n; ++i) {
    DatasetRow neg = ds.rows[i];
    neg.label = 0;
    neg.sequence = shuffle_sequence(ds.rows[i].sequence, ctx.config.negatives_shuffle, rng);
    neg.same_group_as = static_cast<std::int64_t>(i);
    ds.rows.push_back(std::move(neg));
  }
  ds.details = {{"positives_from", gue ? "gue_csv" : "gtf_promoters"},
                {"negatives_shuffle", shuffle_kind_name(ctx.config.negatives_shuffle)}};
  return ds;
}

}  // namespace lnc::data
