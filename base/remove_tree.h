#pragma once
// rm -rf. Not std::filesystem::remove_all: in a binary that links libtorch that symbol resolves to the copy
// libtorch.so exports, which crashes (a null call) on a non-empty directory. A missing directory is no error.
#include <string>

namespace lnc {

void remove_tree(const std::string& dir);

}  // namespace lnc
