#include "tests/unit/test_paths.h"

namespace lnc::test_paths {

std::string source_dir() { return LNC_SOURCE_DIR; }
std::string binary_dir() { return LNC_TEST_BINARY_DIR; }
std::string lnctrain_exe() { return LNCTRAIN_EXE; }

}  // namespace lnc::test_paths
