#pragma once
// Paths for tests: files shipped in the source tree, and a fresh scratch directory per test.
#include <ftw.h>
#include <gtest/gtest.h>

#include <cstdio>

#include <filesystem>
#include <string>

#include "data/io/input_error.h"

namespace lnc::test_paths {

inline std::string source(const std::string& relative) { return std::string(LNC_SOURCE_DIR) + "/" + relative; }
inline std::string lnctrain_exe() { return LNCTRAIN_EXE; }

// rm -rf. Not std::filesystem::remove_all: in binaries linked with libtorch that call resolves to libtorch's
// bundled copy, which jumps to a null pointer on a non-empty directory (segfault on every test re-run).
inline void remove_tree(const std::string& dir) {
  nftw(dir.c_str(), [](const char* path, const struct stat*, int, struct FTW*) { return std::remove(path); }, 16,
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
