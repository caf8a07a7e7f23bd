#include "config/genome_dataset_config.h"

#include <algorithm>
#include <cmath>

#include "base/env_expand.h"
#include "config/toml_reader.h"

namespace lnc::config {
namespace {

std::string path_value(config::TomlReader& t, const std::string& key, const std::string& fallback, bool required) {
  if (!t.has(key)) {
    if (required) t.get_string(key);  // throws "required key is missing" with file:line:key
    t.accept(key);
    return fallback;
  }
  std::string raw = t.get_string(key);
  std::string value = expand_env(raw, t.file(), t.line_of(key), t.dotted(key));
  if (value.empty()) t.fail(key, "path is empty");
  return value;
}

std::vector<std::int64_t> lengths_value(config::TomlReader& t, const std::string& key,
                                        const std::vector<std::int64_t>& fallback) {
  std::vector<std::int64_t> v = t.get_int_list(key, fallback);
  if (v.empty()) t.fail(key, "needs at least one length");
  for (std::int64_t l : v)
    if (l <= 50 || l > 1000000) t.fail(key, "length " + std::to_string(l) + " must be in 51..1000000");
  std::vector<std::int64_t> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) t.fail(key, "lengths repeat");
  return v;
}

double fraction_value(config::TomlReader& t, const std::string& key, double fallback) {
  double v = t.get_double(key, fallback);
  if (!(v >= 0.0 && v <= 1.0)) t.fail(key, "must be between 0 and 1");
  return v;
}

std::vector<std::string> nonempty_list(config::TomlReader& t, const std::string& key, std::vector<std::string> fallback) {
  std::vector<std::string> v = t.get_string_list(key, std::move(fallback));
  if (v.empty()) t.fail(key, "must name at least one biotype");
  return v;
}

}  // namespace

GenomeDatasetsConfig parse_genome_config(TomlReader& t) {
  GenomeDatasetsConfig c;
  c.source = t.file();
  c.fasta = path_value(t, "fasta", "", true);
  c.gtf = path_value(t, "gtf", "", true);
  c.gct = path_value(t, "gct", "", false);
  for (const std::string& raw : t.get_string_list("gue_csv", {}))
    c.gue_csv.push_back(expand_env(raw, t.file(), t.line_of("gue_csv"), t.dotted("gue_csv")));
  c.index_dir = path_value(t, "index_dir", "", false);

  std::vector<std::string> tasks = t.get_string_list("tasks", genome_task_names());
  if (tasks.empty()) t.fail("tasks", "needs at least one task");
  for (const std::string& name : tasks)
    if (std::find(genome_task_names().begin(), genome_task_names().end(), name) == genome_task_names().end())
      t.fail("tasks", "'" + name + "' is not one of task1, task2, task3, task4");
  for (const std::string& name : genome_task_names())
    if (std::find(tasks.begin(), tasks.end(), name) != tasks.end()) c.tasks.push_back(name);
  if (c.tasks.size() != tasks.size()) t.fail("tasks", "a task is listed twice");

  std::vector<std::int64_t> lengths = lengths_value(t, "lengths", {300, 500, 1000, 2000});
  for (const std::string& name : genome_task_names()) {
    std::vector<std::int64_t> own = lengths_value(t, name + "_lengths", lengths);
    if (std::find(c.tasks.begin(), c.tasks.end(), name) != c.tasks.end()) c.lengths[name] = own;
  }

  std::int64_t seed = t.get_int("seed", 42);
  if (seed < 0) t.fail("seed", "must be non-negative");
  c.seed = static_cast<std::uint64_t>(seed);

  c.tss_rule = parse_tss_rule(t.get_choice("tss_rule", {"canonical_transcript", "gene_start"}, "canonical_transcript"));
  c.n_max_fraction = fraction_value(t, "n_max_fraction", 0.0);
  c.promoter_biotypes = nonempty_list(t, "promoter_biotypes", {"protein_coding", "lncRNA"});
  c.coding_biotypes = nonempty_list(t, "coding_biotypes", {"protein_coding"});
  c.lncrna_biotypes = nonempty_list(t, "lncrna_biotypes", {"lncRNA"});
  for (const std::string& b : c.coding_biotypes)
    if (std::find(c.lncrna_biotypes.begin(), c.lncrna_biotypes.end(), b) != c.lncrna_biotypes.end())
      t.fail("lncrna_biotypes", "biotype '" + b + "' is also a coding biotype");

  c.negatives_shuffle = parse_shuffle_kind(t.get_choice("negatives_shuffle", {"uniform", "dinucleotide"}, "uniform"));

  c.exclusion_distance = t.get_int("exclusion_distance", 1000);
  if (c.exclusion_distance < 0) t.fail("exclusion_distance", "must be non-negative");
  for (const std::string& raw : t.get_string_list("negative_chromosomes", {})) c.negative_chromosomes.push_back(raw);
  c.negative_attempts_factor = t.get_int("negative_attempts_factor", 200);
  if (c.negative_attempts_factor < 1) t.fail("negative_attempts_factor", "must be at least 1");

  c.high_percentile = t.get_double("high_percentile", 75);
  c.low_percentile = t.get_double("low_percentile", 25);
  if (!(c.high_percentile >= 0 && c.high_percentile <= 100)) t.fail("high_percentile", "must be in 0..100");
  if (!(c.low_percentile >= 0 && c.low_percentile <= 100)) t.fail("low_percentile", "must be in 0..100");
  if (c.low_percentile > c.high_percentile) t.fail("low_percentile", "exceeds high_percentile");
  c.inclusive_thresholds = t.get_bool("inclusive_thresholds", false);
  c.task3_biotypes = nonempty_list(t, "task3_biotypes", {"protein_coding", "lncRNA"});
  c.task3_balance = t.get_bool("task3_balance", true);

  c.train_fraction = fraction_value(t, "train_fraction", 0.8);
  c.dev_fraction = fraction_value(t, "dev_fraction", 0.1);
  c.test_fraction = fraction_value(t, "test_fraction", 0.1);
  if (std::fabs(c.train_fraction + c.dev_fraction + c.test_fraction - 1.0) > 1e-9)
    t.fail("test_fraction", "train_fraction + dev_fraction + test_fraction must be 1");
  if (c.train_fraction <= 0) t.fail("train_fraction", "must be positive");

  t.finish();  // unknown keys first: a misspelt "gct" should be reported as such
  const bool wants_task3 = std::find(c.tasks.begin(), c.tasks.end(), "task3") != c.tasks.end();
  if (wants_task3 && c.gct.empty()) t.fail("gct", "task3 needs the GTEx gene median TPM file (gct)");
  return c;
}

}  // namespace lnc::config
