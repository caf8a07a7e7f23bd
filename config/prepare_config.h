#pragma once
// Typed configuration of `lnctrain prepare --config FILE` (configs/datasets/*.toml):
//   [dataset]       name, output_dir, source ("csv" | "genome")
//   [csv]           train, test (GUE CSV, plain or gzip), dev (optional), dev_fraction (carved off train when dev
//                   is absent, default 0.1), split_seed (default 42)
//   [genome]        (source = "genome") the genome builder's table: config/genome_dataset_config.h and
//                   docs/datasets.md; every task x length becomes a dataset <task>_<length> in its own folder
//   [[tokenizers]]  kind ("kmer" | "model_dir"), k and vocab (kmer), path (model_dir: a Hugging Face model
//                   directory whose tokenizer is used), output (file name in output_dir; default
//                   "<dataset>.<tokenizer><k>.h5", e.g. prom_300_notata.kmer3.h5)
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/genome_dataset_config.h"

namespace lnc::config {

struct CsvSourceConfig {
  std::string train, dev, test;
  double dev_fraction = 0.1;
  std::int64_t split_seed = 42;
};

struct TokenizerSpec {
  std::string kind;  // kmer | model_dir
  std::int64_t k = 0;
  std::string vocab;  // kmer
  std::string path;   // model_dir
  std::string output;
};

struct PrepareConfig {
  std::string file;
  std::string name, output_dir, source;
  CsvSourceConfig csv;
  std::vector<TokenizerSpec> tokenizers;
  std::optional<GenomeDatasetsConfig> genome;  // source = "genome"
};

PrepareConfig load_prepare_config(const std::string& path);

}  // namespace lnc::config
