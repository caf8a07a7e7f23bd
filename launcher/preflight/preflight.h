#pragma once
// The pre-flight: every input check of a grid before any point starts, under the same mpirun or srun as the job.
// `lnctrain train` runs it first (unless --no-preflight) and `lnctrain doctor` runs it beside its rank reports and
// bandwidth (launcher/commands/doctor_command.cpp). Collective over the world:
//   - world rank 0 reads which points are still to run from the store (read-only: 'done' ones, and 'failed'
//     ones without --rerun-failed, are not checked) and checks the store (launcher/preflight/store_check.h);
//   - the first local rank of every node runs every point check on every point still to run
//     (launcher/preflight/point_checks.h: token file, pretrained directory, and whatever is added there), since a
//     point may land on any node, and checks the output directory and its free space
//     (launcher/preflight/output_dir_check.h). A node needs room for the checkpoints of the rank groups it leads:
//     per phase (group size s), the node's world ranks that are multiples of s (group leaders, which write the
//     checkpoints) times the largest planned_checkpoint_bytes of that phase's points; the largest over the
//     phases. On a file system shared by the nodes each node checks its own share only.
//   - the findings are gathered on rank 0 and printed once each, as
//       lnctrain: pre-flight: [10/12] bert-tiny toy seed 10: data.tokens: <what> (host h1, h2)
//     ("job" in place of the point for the store and the output directory; "every host" when all found it).
// Returns the number of problems, the same on every rank (the caller exits 2 when it is not 0).
#include <ostream>

#include "config/run_config.h"

namespace lnc::cluster {
class MpiEnvironment;
}

namespace lnc::launcher {

int run_preflight(const config::GridConfig& grid, cluster::MpiEnvironment& mpi, bool rerun_failed, std::ostream& out);

}  // namespace lnc::launcher
