#pragma once
// Task 3 classes from GTEx median TPM.
// Population: genes present in both the GCT and the GTF (joined on version-less gene ids). For each tissue
// the high and low thresholds are that tissue's percentiles over the population (linear interpolation
// between order statistics, numpy's default "linear" method). A gene is
//   high (label 1) when its TPM is above the high threshold in EVERY tissue,
//   low  (label 0) when its TPM is below the low threshold in EVERY tissue
// (strictly, or >= / <= with inclusive_thresholds). Only genes whose biotype is in task3_biotypes enter the
// classes; others are counted.
//
// Also per biotype over the population (the study's Table 3): mean and sample standard deviation of all
// gene x tissue TPM values ("pooled"), and of each gene's mean TPM across tissues ("per_gene_mean").
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/genome/gtex_gct.h"
#include "data/genome/gtf_annotation.h"
#include "config/genome_dataset_config.h"

namespace lnc::data {

using config::GenomeDatasetsConfig;

struct BiotypeExpression {
  std::int64_t genes = 0;
  std::int64_t values = 0;
  double pooled_mean = 0, pooled_sd = 0;
  double per_gene_mean = 0, per_gene_sd = 0;
};

struct ExpressionClasses {
  std::vector<std::size_t> high, low;  // GTF gene indices, annotation order
  std::vector<double> high_threshold, low_threshold;  // per tissue
  std::int64_t population = 0;
  std::map<std::string, std::int64_t> counts;  // gct_gene_not_in_gtf, high_other_biotype, ...
  std::map<std::string, BiotypeExpression> by_biotype;

  nlohmann::json to_json(const std::vector<std::string>& tissues) const;
};

ExpressionClasses expression_classes(const GtexGct& gct, const GtfAnnotation& gtf, const GenomeDatasetsConfig& cfg);

// numpy.percentile(values, p) with the default linear method; values need not be sorted. Requires values.
double linear_percentile(std::vector<double> values, double p);

// expression_stats.tsv: header "biotype genes values pooled_mean pooled_sd per_gene_mean per_gene_sd"
// (tab-separated), one row per biotype in name order; numbers printed with %.6g.
std::string expression_stats_tsv(const ExpressionClasses& classes);

}  // namespace lnc::data
