#include "data/genome/expression_classes.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace lnc::data {
namespace {

struct Moments {
  long double sum = 0, sum_sq = 0;
  std::int64_t n = 0;
  void add(double v) {
    sum += v;
    sum_sq += static_cast<long double>(v) * v;
    ++n;
  }
  double mean() const { return n ? static_cast<double>(sum / n) : 0.0; }
  double sd() const {  // sample standard deviation (n - 1)
    if (n < 2) return 0.0;
    long double m = sum / n;
    long double var = (sum_sq - n * m * m) / (n - 1);
    return var > 0 ? static_cast<double>(std::sqrt(var)) : 0.0;
  }
};

std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

double linear_percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1.0) * p / 100.0;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= values.size()) return values.back();
  return values[lo] + (h - static_cast<double>(lo)) * (values[lo + 1] - values[lo]);
}

ExpressionClasses expression_classes(const GtexGct& gct, const GtfAnnotation& gtf, const GenomeDatasetsConfig& cfg) {
  ExpressionClasses out;
  std::unordered_map<std::string, std::size_t> gtf_by_id;
  for (std::size_t i = 0; i < gtf.genes().size(); ++i) {
    if (!gtf_by_id.emplace(gtf.genes()[i].unversioned_id, i).second) ++out.counts["gtf_gene_id_repeats_without_version"];
  }
  // Population in GTF order (annotation order is what every other task uses).
  std::vector<std::pair<std::size_t, const GctGene*>> population;
  std::vector<const GctGene*> by_gtf(gtf.genes().size(), nullptr);
  for (const GctGene& g : gct.genes) {
    auto it = gtf_by_id.find(g.id);
    if (it == gtf_by_id.end()) {
      ++out.counts["gct_gene_not_in_gtf"];
      continue;
    }
    by_gtf[it->second] = &g;
  }
  for (std::size_t i = 0; i < by_gtf.size(); ++i)
    if (by_gtf[i]) population.emplace_back(i, by_gtf[i]);
  out.population = static_cast<std::int64_t>(population.size());
  if (population.empty()) return out;

  const std::size_t tissues = gct.tissues.size();
  std::vector<double> column(population.size());
  for (std::size_t t = 0; t < tissues; ++t) {
    for (std::size_t k = 0; k < population.size(); ++k) column[k] = population[k].second->tpm[t];
    out.high_threshold.push_back(linear_percentile(column, cfg.high_percentile));
    out.low_threshold.push_back(linear_percentile(column, cfg.low_percentile));
  }
  std::map<std::string, Moments> pooled, per_gene;
  for (const auto& [gene_index, expr] : population) {
    const GtfGene& gene = gtf.genes()[gene_index];
    bool high = true, low = true;
    Moments own;
    for (std::size_t t = 0; t < tissues; ++t) {
      const double v = expr->tpm[t];
      own.add(v);
      pooled[gene.biotype].add(v);
      if (cfg.inclusive_thresholds) {
        high = high && v >= out.high_threshold[t];
        low = low && v <= out.low_threshold[t];
      } else {
        high = high && v > out.high_threshold[t];
        low = low && v < out.low_threshold[t];
      }
    }
    per_gene[gene.biotype].add(own.mean());
    const bool eligible =
        std::find(cfg.task3_biotypes.begin(), cfg.task3_biotypes.end(), gene.biotype) != cfg.task3_biotypes.end();
    if (high) {
      if (eligible) out.high.push_back(gene_index);
      else ++out.counts["high_other_biotype"];
    }
    if (low) {
      if (eligible) out.low.push_back(gene_index);
      else ++out.counts["low_other_biotype"];
    }
  }
  for (const auto& [biotype, m] : pooled) {
    BiotypeExpression& b = out.by_biotype[biotype];
    b.genes = per_gene[biotype].n;
    b.values = m.n;
    b.pooled_mean = m.mean();
    b.pooled_sd = m.sd();
    b.per_gene_mean = per_gene[biotype].mean();
    b.per_gene_sd = per_gene[biotype].sd();
  }
  return out;
}

nlohmann::json ExpressionClasses::to_json(const std::vector<std::string>& tissues) const {
  nlohmann::json thresholds = nlohmann::json::object();
  for (std::size_t t = 0; t < tissues.size() && t < high_threshold.size(); ++t)
    thresholds[tissues[t]] = {{"high", high_threshold[t]}, {"low", low_threshold[t]}};
  nlohmann::json biotypes = nlohmann::json::object();
  for (const auto& [name, b] : by_biotype)
    biotypes[name] = {{"genes", b.genes},
                      {"values", b.values},
                      {"pooled_mean", b.pooled_mean},
                      {"pooled_sd", b.pooled_sd},
                      {"per_gene_mean", b.per_gene_mean},
                      {"per_gene_sd", b.per_gene_sd}};
  return {{"population_genes", population},
          {"high_genes", high.size()},
          {"low_genes", low.size()},
          {"counts", counts},
          {"thresholds", thresholds},
          {"tpm_by_biotype", biotypes}};
}

std::string expression_stats_tsv(const ExpressionClasses& classes) {
  std::string out = "biotype\tgenes\tvalues\tpooled_mean\tpooled_sd\tper_gene_mean\tper_gene_sd\n";
  for (const auto& [name, b] : classes.by_biotype)
    out += name + "\t" + std::to_string(b.genes) + "\t" + std::to_string(b.values) + "\t" + fmt(b.pooled_mean) + "\t" +
           fmt(b.pooled_sd) + "\t" + fmt(b.per_gene_mean) + "\t" + fmt(b.per_gene_sd) + "\n";
  return out;
}

}  // namespace lnc::data
