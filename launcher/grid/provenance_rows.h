#pragma once
// The provenance rows of a finished run (results/store/run_provenance.h lists the keys), composed on rank 0 by the
// coordinator: the software versions (computed once per job), the device and hosts the run's group reported in its
// result message, and the hashes of its token file and pretrained weights (cached in the store). A file that cannot
// be hashed (moved since the run) leaves its key out and is named in `problems`.
#include <string>
#include <vector>

#include "config/run_config.h"
#include "results/store/run_provenance.h"

namespace lnc::launcher {

results::ProvenanceRows provenance_rows(results::ResultsStore& store, const config::RunConfig& run,
                                        const std::string& device, const std::string& hosts,
                                        std::vector<std::string>& problems);

}  // namespace lnc::launcher
