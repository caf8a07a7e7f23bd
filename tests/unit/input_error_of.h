#pragma once
// The message of the InputError that `run` throws, "" when it throws none: how tests assert that bad input is
// refused with a message naming the file and the line or key.
#include <functional>
#include <string>

#include "base/input_error.h"

namespace lnc {

inline std::string input_error_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace lnc
