#pragma once
// Pre-flight check, on world rank 0 (the store's only writer): the results store ([job] store) can be written and
// its schema is one this lnctrain reads. An existing store is opened read-only, so the check neither creates nor
// migrates it (a store from a newer schema is refused by ResultsStore, results/store/results_store.h); its
// directory (or, when that does not exist yet, the nearest existing parent) must accept a new file, as SQLite's
// journal needs, and the file itself must open for writing.
#include <vector>

#include "launcher/preflight/preflight_problem.h"

namespace lnc::launcher {

void check_store(const std::string& store, std::vector<PointIssue>& issues);

// Whether a new file can be created in `dir` (or its nearest existing parent when it does not exist): a probe file
// is created and removed (root ignores permission bits, not a read-only mount). Empty string when it can, else why.
std::string directory_write_problem(const std::string& dir);

}  // namespace lnc::launcher
