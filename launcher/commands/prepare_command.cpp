// `lnctrain prepare --config FILE`: dataset CSVs -> splits -> one HDF5 token file per tokenizer.
#include <CLI/CLI.hpp>

#include <chrono>
#include <iostream>

#include "data/datasets/csv_splits.h"
#include "data/io/atomic_file.h"
#include "data/io/input_error.h"
#include "data/token_store/tokenize_splits.h"
#include "data/tokenizers/kmer_tokenizer.h"
#include "launcher/commands/commands.h"
#include "launcher/config/prepare_config.h"

namespace lnc::launcher {
namespace {

std::unique_ptr<data::Tokenizer> make_tokenizer(const config::TokenizerSpec& spec, const std::string& config_file) {
  if (spec.kind == "kmer") return data::KmerTokenizer::from_vocab_file(spec.vocab, static_cast<int>(spec.k));
  throw InputError(config_file, 0, "tokenizers.kind", "tokenizer kind '" + spec.kind + "' is not available in this build");
}

std::string output_name(const config::PrepareConfig& c, const config::TokenizerSpec& spec, const data::Tokenizer& tok) {
  if (!spec.output.empty()) return spec.output;
  return c.name + "." + tok.kind() + (tok.k() > 0 ? std::to_string(tok.k()) : "") + ".h5";
}

int run_prepare(const std::string& config_path) {
  const auto started = std::chrono::steady_clock::now();
  auto config = config::load_prepare_config(config_path);
  if (config.source != "csv")
    throw InputError(config_path, 0, "dataset.source", "source '" + config.source + "' is not available in this build");
  auto splits = data::load_csv_splits(config.csv.train, config.csv.dev, config.csv.test, config.csv.dev_fraction,
                                      static_cast<std::uint64_t>(config.csv.split_seed));
  make_directories(config.output_dir);
  for (const auto& spec : config.tokenizers) {
    auto tokenizer = make_tokenizer(spec, config_path);
    data::TokenStoreInfo info;
    info.dataset = config.name;
    info.tokenizer = tokenizer->kind();
    info.k = tokenizer->k();
    info.vocab_size = tokenizer->vocab_size();
    info.pad_id = tokenizer->pad_id();
    info.vocab_sha256 = tokenizer->vocab_sha256();
    const std::string path = config.output_dir + "/" + output_name(config, spec, *tokenizer);
    data::write_token_store(path, info, data::tokenize_splits(*tokenizer, splits));
    std::cout << "wrote " << path << " (";
    for (size_t i = 0; i < splits.size(); ++i)
      std::cout << (i ? ", " : "") << splits[i].name << " " << splits[i].sequences.size();
    std::cout << ")\n";
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
