#include "data/genome/genome_datasets.h"

#include <algorithm>
#include <memory>

#include "data/genome/dataset_split.h"
#include "data/genome/expression_classes.h"
#include "data/genome/genome_context.h"
#include "data/genome/gtex_gct.h"
#include "data/genome/gue_positives.h"
#include "data/genome/task1_shuffled_promoters.h"
#include "data/genome/task2_genomic_background.h"
#include "data/genome/task3_expression_level.h"
#include "data/genome/task4_coding_vs_lncrna.h"
#include "base/atomic_file.h"
#include "base/input_error.h"
#include "base/sha256.h"

namespace lnc::data {
namespace {

nlohmann::json config_json(const GenomeDatasetsConfig& c) {
  nlohmann::json lengths = nlohmann::json::object();
  for (const auto& [task, list] : c.lengths) lengths[task] = list;
  return {{"fasta", c.fasta},
          {"gtf", c.gtf},
          {"gct", c.gct},
          {"gue_csv", c.gue_csv},
          {"tasks", c.tasks},
          {"lengths", lengths},
          {"seed", c.seed},
          {"tss_rule", tss_rule_name(c.tss_rule)},
          {"n_max_fraction", c.n_max_fraction},
          {"promoter_biotypes", c.promoter_biotypes},
          {"coding_biotypes", c.coding_biotypes},
          {"lncrna_biotypes", c.lncrna_biotypes},
          {"negatives_shuffle", shuffle_kind_name(c.negatives_shuffle)},
          {"exclusion_distance", c.exclusion_distance},
          {"negative_chromosomes", c.negative_chromosomes},
          {"negative_attempts_factor", c.negative_attempts_factor},
          {"high_percentile", c.high_percentile},
          {"low_percentile", c.low_percentile},
          {"inclusive_thresholds", c.inclusive_thresholds},
          {"task3_biotypes", c.task3_biotypes},
          {"task3_balance", c.task3_balance},
          {"train_fraction", c.train_fraction},
          {"dev_fraction", c.dev_fraction},
          {"test_fraction", c.test_fraction}};
}

bool wants(const GenomeDatasetsConfig& c, const std::string& task) {
  return std::find(c.tasks.begin(), c.tasks.end(), task) != c.tasks.end();
}

nlohmann::json file_record(const std::string& path) { return {{"path", path}, {"sha256", sha256_file_hex(path)}}; }

void check_rows(const TaskDataset& ds) {
  std::int64_t n[2] = {0, 0};
  for (const DatasetRow& r : ds.rows) {
    if (static_cast<std::int64_t>(r.sequence.size()) != ds.length)
      throw std::logic_error(ds.name() + ": a row of length " + std::to_string(r.sequence.size()));
    ++n[r.label == 1 ? 1 : 0];
  }
  if (n[0] == 0 || n[1] == 0)
    throw InputError(ds.name() + ": a class is empty (label 1: " + std::to_string(n[1]) + ", label 0: " +
                     std::to_string(n[0]) + ")");
}

// A tiny dataset can leave dev or test empty; that is an error, not a silently empty file.
void require_nonempty(const std::vector<std::size_t>& rows, double fraction, const std::string& name,
                      const TaskDataset& ds, const SplitAssignment& split, const GenomeDatasetsConfig& config) {
  if (fraction > 0 && rows.empty())
    throw InputError(config.source, 0, "genome." + name + "_fraction",
                     ds.name() + ": only " + std::to_string(ds.rows.size()) + " rows in " +
                         std::to_string(split.groups) + " groups, too few for a non-empty " + name + " split");
}

}  // namespace

std::vector<BuiltDataset> build_genome_datasets(const GenomeDatasetsConfig& config, const std::string& output_dir) {
  make_directories(output_dir);
  GenomeContext ctx(config, output_dir + "/.faidx");

  nlohmann::json inputs = {{"fasta", file_record(config.fasta)}, {"gtf", file_record(config.gtf)}};
  std::unique_ptr<GuePositives> gue;
  if (!config.gue_csv.empty() && (wants(config, "task1") || wants(config, "task2"))) {
    gue = std::make_unique<GuePositives>(read_gue_positives(config.gue_csv, config.n_max_fraction));
    nlohmann::json list = nlohmann::json::array();
    for (const std::string& p : config.gue_csv) list.push_back(file_record(p));
    inputs["gue_csv"] = list;
  }
  std::unique_ptr<GtexGct> gct;
  std::unique_ptr<ExpressionClasses> classes;
  if (wants(config, "task3")) {
    gct = std::make_unique<GtexGct>(GtexGct::read(config.gct));
    classes = std::make_unique<ExpressionClasses>(expression_classes(*gct, ctx.gtf, config));
    inputs["gct"] = file_record(config.gct);
  }

  std::int64_t genes_on_unmatched = 0;
  for (const GtfGene& g : ctx.gtf.genes())
    if (ctx.fasta_chrom(g).empty()) ++genes_on_unmatched;
  std::map<std::string, std::int64_t> tss_tiers;
  for (const GeneTss& t : ctx.tss) ++tss_tiers[t.tier];
  nlohmann::json shared = {
      {"format", "lnctrain genome task dataset 1"},
      {"inputs", inputs},
      {"config", config_json(config)},
      {"annotation",
       {{"genes", ctx.gtf.genes().size()},
        {"transcripts", ctx.gtf.transcripts().size()},
        {"duplicate_gene_lines", ctx.gtf.duplicate_gene_lines()},
        {"tss_source", tss_tiers}}},
      {"chromosomes",
       {{"annotation_to_fasta", ctx.chromosomes.to_fasta},
        {"unmatched", ctx.chromosomes.unmatched},
        {"genes_on_unmatched", genes_on_unmatched}}}};

  std::vector<BuiltDataset> built;
  for (const std::string& task : config.tasks) {
    for (std::int64_t length : config.lengths.at(task)) {
      TaskDataset ds;
      if (task == "task1") ds = build_task1(ctx, gue.get(), length);
      else if (task == "task2") ds = build_task2(ctx, gue.get(), length);
      else if (task == "task3") ds = build_task3(ctx, *gct, *classes, length);
      else ds = build_task4(ctx, length);
      check_rows(ds);
      DeterministicRng rng(config.seed, ds.name() + "/split");
      SplitAssignment split = split_by_group(ds.rows, config.train_fraction, config.dev_fraction, rng);
      require_nonempty(split.dev, config.dev_fraction, "dev", ds, split, config);
      require_nonempty(split.test, config.test_fraction, "test", ds, split, config);
      built.push_back(write_task_dataset(ds, split, output_dir + "/" + ds.name(), shared));
    }
  }
  return built;
}

}  // namespace lnc::data
