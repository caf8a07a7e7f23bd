#pragma once
// Paths for tests: files shipped in the source tree, and a fresh scratch directory per test.
#include <gtest/gtest.h>

#include <ftw.h>
#include <stdio.h>

#include <filesystem>
#include <string>

#include "data/io/input_error.h"

namespace lnc::test_paths {

inline std::string source(const std::string& relative) { return std::string(LNC_SOURCE_DIR) + "/" + relative; }
inline std::string lnctrain_exe() { return LNCTRAIN_EXE; }

// rm -rf with POSIX nftw: std::filesystem::remove_all resolves to the copy that libtorch.so exports, which
// crashes (null call) on a non-empty directory, so test binaries linking torch must not call it.
inline void remove_tree(const std::string& dir) {
  nftw(
      dir.c_str(), [](const char* path, const struct stat*, int, struct FTW*) { return ::remove(path); }, 16,
      FTW_DEPTH | FTW_PHYS);
}

// A clean directory named after the running test, under the build tree.
inline std::string scratch_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string dir = std::string(LNC_TEST_BINARY_DIR) + "/test_scratch/" + info->test_suite_name() + "." + info->name();
  remove_tree(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace lnc::test_paths
