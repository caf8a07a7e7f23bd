#include "base/remove_tree.h"

#include <ftw.h>

#include <cstdio>

namespace lnc {

void remove_tree(const std::string& dir) {
  // Depth first, not following links: a link inside the tree is removed, never what it points to.
  ::nftw(
      dir.c_str(), [](const char* path, const struct stat*, int, struct FTW*) { return std::remove(path); }, 16,
      FTW_DEPTH | FTW_PHYS);
}

}  // namespace lnc
