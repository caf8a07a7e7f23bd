#pragma once
// Runs every point of a grid on all ranks of the job, one after another, and records each in the results store
// (rank 0 is the only writer). Points already 'done' in the store (same config hash) are skipped.
#include "launcher/config/run_config.h"

namespace lnc::cluster {
class MpiEnvironment;
}

namespace lnc::launcher {

struct GridOptions {
  bool rerun_failed = false;
};

// Returns the process exit code: 0 when every point is done, 3 when some failed.
int execute_grid(const config::GridConfig& grid, cluster::MpiEnvironment& mpi, const GridOptions& options);

}  // namespace lnc::launcher
