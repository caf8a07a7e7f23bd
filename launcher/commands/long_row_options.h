#pragma once
// The [data] long-row keys as command-line options of the commands that tokenize a FASTA/CSV file for a model
// directory (`lnctrain predict`, `lnctrain tokenize`): --long-sequences, --truncation-side, --chunk-stride,
// --chunk-pooling, with the grid keys' values and defaults (config/run_config.h; data/batching/long_rows.h), so a
// model trained with `truncate` or `chunk` is applied the same way.
#include <CLI/CLI.hpp>

#include <string>

#include "config/model_config.h"
#include "config/run_config.h"
#include "data/batching/long_rows.h"

namespace lnc::launcher {

void add_long_row_options(CLI::App& command, config::DataConfig& options);

// The policy for `model` (a config.json's ModelConfig) and a tokenizer; InputError naming the option when the
// options do not fit the model (e.g. a stride past a chunk's content).
data::LongRowPolicy long_row_policy_of_options(const config::DataConfig& options, const config::ModelConfig& model,
                                               const std::string& tokenizer_kind, std::int32_t pad_id,
                                               const std::string& model_dir);

}  // namespace lnc::launcher
