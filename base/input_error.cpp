#include "base/input_error.h"

namespace lnc {

std::string InputError::format(const std::string& file, long line, const std::string& key,
                               const std::string& message) {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (!key.empty()) out += "key '" + key + "': ";
  return out + message;
}

InputError::InputError(const std::string& file, long line, const std::string& key, const std::string& message)
    : std::runtime_error(format(file, line, key, message)) {}

}  // namespace lnc
