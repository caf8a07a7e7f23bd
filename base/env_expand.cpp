#include "base/env_expand.h"

#include <cstdlib>

#include "base/input_error.h"

namespace lnc {

std::string expand_env(const std::string& text, const std::string& file, long line, const std::string& key) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("${", pos);
    if (open == std::string::npos) {
      out.append(text, pos, std::string::npos);
      break;
    }
    out.append(text, pos, open - pos);
    std::size_t close = text.find('}', open + 2);
    if (close == std::string::npos) throw InputError(file, line, key, "unterminated '${' in \"" + text + "\"");
    std::string name = text.substr(open + 2, close - open - 2);
    if (name.empty()) throw InputError(file, line, key, "empty '${}' in \"" + text + "\"");
    const char* value = std::getenv(name.c_str());
    if (!value) throw InputError(file, line, key, "environment variable " + name + " is not set");
    out += value;
    pos = close + 1;
  }
  return out;
}

}  // namespace lnc
