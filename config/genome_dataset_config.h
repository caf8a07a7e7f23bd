#pragma once
// The [genome] table of a dataset config (configs/datasets/*.toml), parsed and validated once into a typed
// struct. Paths may use ${VAR} (base/env_expand.h); relative paths are taken relative to the working
// directory (lnctrain runs from the repository root). Keys, defaults and meaning: docs/datasets.md.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "config/genome_choices.h"

namespace lnc::config {

class TomlReader;

inline const std::vector<std::string>& genome_task_names() {
  static const std::vector<std::string> names{"task1", "task2", "task3", "task4"};
  return names;
}

struct GenomeDatasetsConfig {
  std::string source;  // config file, for messages

  // Inputs
  std::string fasta;
  std::string gtf;
  std::string gct;                   // required when task3 is built
  std::vector<std::string> gue_csv;  // GUE CSVs whose label-1 rows are the task 1/2 positives; empty: GTF promoters
  std::string index_dir;             // where a .fai goes when the FASTA's directory is read-only

  // What to build
  std::vector<std::string> tasks;                          // subset of genome_task_names(), that order
  std::map<std::string, std::vector<std::int64_t>> lengths;  // per task
  std::uint64_t seed = 42;

  // Promoters
  TssRule tss_rule = TssRule::canonical_transcript;
  double n_max_fraction = 0.0;                 // windows with more non-ACGT bases are skipped
  std::vector<std::string> promoter_biotypes;  // task 1/2 positives from the GTF (when no gue_csv)
  std::vector<std::string> coding_biotypes;    // task 4 label 1
  std::vector<std::string> lncrna_biotypes;    // task 4 label 0

  // Task 1
  ShuffleKind negatives_shuffle = ShuffleKind::uniform;

  // Task 2
  std::int64_t exclusion_distance = 1000;         // bp kept free around every annotated promoter window
  std::vector<std::string> negative_chromosomes;  // FASTA or annotation names; empty: chromosomes with genes
  std::int64_t negative_attempts_factor = 200;    // give up after factor * wanted draws

  // Task 3
  double high_percentile = 75;
  double low_percentile = 25;
  bool inclusive_thresholds = false;  // >= / <= instead of > / <
  std::vector<std::string> task3_biotypes;
  bool task3_balance = true;

  // Splits
  double train_fraction = 0.8;
  double dev_fraction = 0.1;
  double test_fraction = 0.1;
};

GenomeDatasetsConfig parse_genome_config(TomlReader& genome_table);  // calls finish() itself

}  // namespace lnc::config
