#pragma once
// The text of an exception for a person (stderr, a run's `error` column in the store): LibTorch's c10::Error
// appends a C++ stack trace to what(), which is noise to a user and never belongs in the store.
#include <exception>
#include <string>

namespace lnc::trainer {

std::string error_text(const std::exception& e);  // c10::Error: its message without the backtrace; else what()

}  // namespace lnc::trainer
