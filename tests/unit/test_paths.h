#pragma once
// Paths for tests: files shipped in the source tree, and a fresh scratch directory per test.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "data/io/input_error.h"

namespace lnc::test_paths {

inline std::string source(const std::string& relative) { return std::string(LNC_SOURCE_DIR) + "/" + relative; }
inline std::string lnctrain_exe() { return LNCTRAIN_EXE; }

// A clean directory named after the running test, under the build tree.
inline std::string scratch_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string dir = std::string(LNC_TEST_BINARY_DIR) + "/test_scratch/" + info->test_suite_name() + "." + info->name();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace lnc::test_paths
