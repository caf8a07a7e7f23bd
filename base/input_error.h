#pragma once
// The one error type for bad user input: it always names where the problem is (file, and line or key),
// so that every layer can throw it and the launcher prints it verbatim and exits non-zero.
#include <stdexcept>
#include <string>

namespace lnc {

class InputError : public std::runtime_error {
 public:
  // "FILE:LINE: key 'KEY': MESSAGE"; line <= 0 and empty key are left out.
  InputError(const std::string& file, long line, const std::string& key, const std::string& message);
  explicit InputError(const std::string& message) : std::runtime_error(message) {}

  static std::string format(const std::string& file, long line, const std::string& key, const std::string& message);
};

}  // namespace lnc
