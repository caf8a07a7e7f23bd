#include "results/store/token_file_statistics.h"

#include "data/token_store/dataset_statistics.h"
#include "data/token_store/token_store.h"
#include "results/store/results_store.h"

namespace lnc::results {

void record_token_file_statistics(ResultsStore& store, const std::string& token_file) {
  data::TokenStoreReader reader(token_file);
  const std::string& dataset = reader.info().dataset;
  std::vector<SplitStatRecord> splits;
  for (const char* split : {"train", "dev", "test"}) {
    if (!reader.has_split(split)) continue;
    for (const auto& s : data::split_label_statistics(split, reader.labels(split), reader.num_bases(split))) {
      SplitStatRecord r;
      r.dataset = dataset;
      r.split = s.split;
      r.label = s.label;
      r.examples = s.examples;
      if (s.examples > 0) {
        r.min_bases = s.min_bases;
        r.max_bases = s.max_bases;
        r.mean_bases = s.mean_bases;
      }
      splits.push_back(std::move(r));
    }
  }
  std::vector<DatasetStatRecord> expression;
  if (!reader.expression_stats_tsv().empty())
    for (const auto& b : data::parse_expression_stats_tsv(reader.expression_stats_tsv(),
                                                          token_file + " (attribute expression_stats_tsv)")) {
      expression.push_back({dataset + ", gene x tissue", b.biotype, b.genes, b.pooled_mean, b.pooled_sd});
      expression.push_back({dataset + ", per-gene mean", b.biotype, b.genes, b.per_gene_mean, b.per_gene_sd});
    }
  store.put_split_stats(splits);
  if (!expression.empty()) store.put_dataset_stats(expression);
}

}  // namespace lnc::results
