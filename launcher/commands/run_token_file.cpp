#include "launcher/commands/run_token_file.h"

#include <toml++/toml.h>

#include "base/env_expand.h"
#include "base/input_error.h"

namespace lnc::launcher {

std::string run_token_file(const results::RunRecord& run, const std::string& store_path) {
  const std::string where = "runs.config_text (run " + std::to_string(run.id) + ")";
  try {
    const auto table = toml::parse(run.config_text);
    if (auto tokens = table.at_path("data.tokens").value<std::string>())
      return expand_env(*tokens, store_path, 0, "data.tokens");
  } catch (const toml::parse_error& e) {
    throw InputError(store_path, 0, where, std::string("not TOML: ") + std::string(e.description()));
  }
  throw InputError(store_path, 0, where, "no data.tokens");
}

}  // namespace lnc::launcher
