#pragma once
// Expands ${VAR} in configuration values (paths such as "${LNC_GENOME_DIR}/genome.fa") from the process
// environment. Only the braced form is recognised; "$$" is not special. A variable that is unset, or a
// "${" without its "}", is an InputError naming the config file, line and key, so a missing
// environment never turns into a path like "/genome.fa".
#include <string>

namespace lnc {

std::string expand_env(const std::string& text, const std::string& file, long line, const std::string& key);

}  // namespace lnc
