#pragma once
// `lnctrain train --grid FILE --dry-run [--ranks N]`: the expanded grid without MPI or training. One line per
// point: index, hash, model, task, length, tokenizer/k, seed, lr, status in the store (when the store exists),
// estimated parameters, tokens per example, steps and training FLOPs (launcher/grid/cost_estimate.h), its group
// size and where it came from ("configured", "default", "auto" from the memory plan, with "(does not fit)" when no
// group size fits; launcher/grid/group_size_plan.h), and its placement: phase (one per distinct group size,
// largest first) and group, a static estimate that replays the queues (most expensive first, next free group)
// with the estimated costs. Needs neither the token files nor the model directories: parameters come from a
// pretrained directory's config.json when it exists ("?" when it does not). The train command adds the
// submission's context check after the table (launcher/preflight/context_fit.h).
#include <ostream>

#include "config/run_config.h"

namespace lnc::launcher {

// `ranks`: the world size to place on (group sizes as for a real run).
void print_dry_run(const config::GridConfig& grid, int ranks, bool rerun_failed, std::ostream& out);

}  // namespace lnc::launcher
