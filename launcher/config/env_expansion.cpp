#include "launcher/config/env_expansion.h"

#include <cstdlib>

#include "data/io/input_error.h"

namespace lnc::config {

std::string expand_env(const std::string& value, const std::string& file, long line, const std::string& key) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '$') {
      out += value[i];
      continue;
    }
    if (i + 1 < value.size() && value[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (i + 1 >= value.size() || value[i + 1] != '{') {
      out += '$';
      continue;
    }
    const size_t close = value.find('}', i + 2);
    if (close == std::string::npos) throw InputError(file, line, key, "unterminated ${ in '" + value + "'");
    const std::string name = value.substr(i + 2, close - i - 2);
    if (name.empty()) throw InputError(file, line, key, "empty ${} in '" + value + "'");
    const char* env = std::getenv(name.c_str());
    if (!env) throw InputError(file, line, key, "environment variable " + name + " is not set (used in '" + value + "')");
    out += env;
    i = close;
  }
  return out;
}

}  // namespace lnc::config
