#pragma once
// Paths for tests: files shipped in the source tree, and a fresh scratch directory per test.
#include <gtest/gtest.h>

#include <ftw.h>
#include <stdio.h>

#include <filesystem>
#include <string>

#include "base/input_error.h"
#include "base/remove_tree.h"

namespace lnc::test_paths {

// The checkout's and the build's absolute paths are compiled into test_paths.cpp alone, so that every other TU's
// command line is the same in every checkout and ccache (base_dir) shares their objects between worktrees.
std::string source_dir();
std::string binary_dir();
inline std::string source(const std::string& relative) { return source_dir() + "/" + relative; }
std::string lnctrain_exe();

using lnc::remove_tree;  // base/remove_tree.h: never std::filesystem::remove_all in a binary linking torch

// A clean directory named after the running test, under the build tree.
inline std::string scratch_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string dir = binary_dir() + "/test_scratch/" + info->test_suite_name() + "." + info->name();
  remove_tree(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace lnc::test_paths
