#pragma once
// Small collectives on doubles for commands that shard work across the world (score-variants), checked
// (mpi_call.h). Every rank must call them in the same order.
#include <mpi.h>

#include <vector>

namespace lnc::cluster {

// The ranks' vectors concatenated in rank order on `root` (empty elsewhere). Lengths may differ, including 0.
std::vector<double> gather_to_root(MPI_Comm comm, const std::vector<double>& local, int root = 0);

// True on every rank when `ok` is true on every rank (an all-reduce of one int), so that all ranks learn of a
// failure on one of them before the next collective.
bool all_ok(MPI_Comm comm, bool ok);

}  // namespace lnc::cluster
