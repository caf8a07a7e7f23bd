// `lnctrain prepare --config FILE`: dataset CSVs -> splits -> one HDF5 token file per tokenizer.
#include <CLI/CLI.hpp>

#include <chrono>
#include <fstream>
#include <iostream>

#include "data/datasets/csv_splits.h"
#include "data/genome/genome_datasets.h"
#include "base/atomic_file.h"
#include "base/input_error.h"
#include "data/token_store/dataset_statistics.h"
#include "data/token_store/tokenize_splits.h"
#include "data/tokenizers/tokenizer_loader.h"
#include "launcher/commands/commands.h"
#include "config/prepare_config.h"

namespace lnc::launcher {
namespace {

std::unique_ptr<data::Tokenizer> make_tokenizer(const config::TokenizerSpec& spec, const std::string& config_file) {
  if (spec.kind == "kmer") return data::make_kmer_tokenizer(spec.vocab, static_cast<int>(spec.k));
  return data::load_tokenizer(spec.path);  // model_dir: the tokenizer files of a Hugging Face model directory
}

std::string output_name(const std::string& dataset, const config::TokenizerSpec& spec, const data::Tokenizer& tok) {
  if (!spec.output.empty()) return spec.output;
  return dataset + "." + tok.kind() + (tok.k() > 0 ? std::to_string(tok.k()) : "") + ".h5";
}

// One dataset (train/dev/test examples) -> one token file per configured tokenizer, in `dir`.
// expression_stats: the builder's expression_stats.tsv (task 3), kept in each token file for the results store's
// Table 3; empty when the builder read no expression data.
void tokenize_dataset(const config::PrepareConfig& config, const std::string& name, const std::string& dir,
                      const std::vector<data::SplitExamples>& splits, const std::string& expression_stats = {}) {
  make_directories(dir);
  for (const auto& spec : config.tokenizers) {
    auto tokenizer = make_tokenizer(spec, config.file);
    data::TokenStoreInfo info;
    info.dataset = name;
    info.tokenizer = tokenizer->kind();
    info.k = tokenizer->k();
    info.vocab_size = tokenizer->vocab_size();
    info.pad_id = tokenizer->pad_id();
    info.vocab_sha256 = tokenizer->vocab_sha256();
    info.expression_stats_tsv = expression_stats;
    const std::string path = dir + "/" + output_name(name, spec, *tokenizer);
    data::write_token_store(path, info, data::tokenize_splits(*tokenizer, splits));
    std::cout << "wrote " << path << " (";
    for (size_t i = 0; i < splits.size(); ++i)
      std::cout << (i ? ", " : "") << splits[i].name << " " << splits[i].sequences.size();
    std::cout << ")\n";
  }
}

int run_prepare(const std::string& config_path) {
  const auto started = std::chrono::steady_clock::now();
  auto config = config::load_prepare_config(config_path);
  if (config.genome) {
    // Genome-derived tasks: each <task>_<length> dataset gets its CSVs and token files in its own folder.
    for (const auto& built : data::build_genome_datasets(*config.genome, config.output_dir)) {
      auto splits = data::load_csv_splits(built.train_csv, built.dev_csv, built.test_csv, 0, 0);
      const std::string dir = config.output_dir + "/" + built.name;
      std::cout << "built " << built.name << " (manifest " << built.manifest << ")\n";
      const std::string stats_file = dir + "/expression_stats.tsv";
      std::string expression_stats;
      if (std::ifstream(stats_file).good()) {
        expression_stats = read_file(stats_file);
        data::parse_expression_stats_tsv(expression_stats, stats_file);  // refuse a malformed file now, not at report time
      }
      tokenize_dataset(config, built.name, dir, splits, expression_stats);
    }
  } else {
    auto splits = data::load_csv_splits(config.csv.train, config.csv.dev, config.csv.test, config.csv.dev_fraction,
                                        static_cast<std::uint64_t>(config.csv.split_seed));
    tokenize_dataset(config, config.name, config.output_dir, splits);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "prepare: done in " << seconds << " s\n";
  return 0;
}

}  // namespace

void add_prepare_command(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand("prepare", "Build datasets and their HDF5 token files from a dataset config");
  auto path = std::make_shared<std::string>();
  cmd->add_option("--config", *path, "dataset config (configs/datasets/*.toml)")->required();
  cmd->callback([path, &result] { result.exit_code = run_prepare(*path); });
}

}  // namespace lnc::launcher
