#include "launcher/commands/long_row_options.h"

#include "base/input_error.h"

namespace lnc::launcher {

void add_long_row_options(CLI::App& command, config::DataConfig& o) {
  command.add_option("--long-sequences", o.long_sequences,
                     "rows longer than the model's context: error (default), truncate or chunk")
      ->check(CLI::IsMember({"error", "truncate", "chunk"}));
  command.add_option("--truncation-side", o.truncation_side, "truncate: right (default, keep the first tokens) or left")
      ->check(CLI::IsMember({"right", "left"}));
  command.add_option("--chunk-stride", o.chunk_stride, "chunk: tokens between chunk starts (0: the default)")
      ->check(CLI::NonNegativeNumber);
  command.add_option("--chunk-pooling", o.chunk_pooling, "chunk: mean (default) or max of the chunks' pooled outputs")
      ->check(CLI::IsMember({"mean", "max"}));
}

data::LongRowPolicy long_row_policy_of_options(const config::DataConfig& options, const config::ModelConfig& model,
                                               const std::string& tokenizer_kind, std::int32_t pad_id,
                                               const std::string& model_dir) {
  auto policy = data::long_row_policy(options, model, tokenizer_kind, pad_id);
  policy.key = "--long-sequences";
  if (const auto problem = data::long_row_policy_problem(policy); !problem.empty())
    throw InputError(model_dir, 0, options.long_sequences == "chunk" ? "--chunk-stride" : "--long-sequences", problem);
  return policy;
}

}  // namespace lnc::launcher
