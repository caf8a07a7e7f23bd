#pragma once
// What `lnctrain motifs` and `report` share to find a run's motif inputs: the run by id or hash prefix, the motif
// database's path, the all-gather that shares motif matching over MPI ranks, the default output folder.
#include <mpi.h>

#include <string>

#include "results/motifs/motif_matching.h"
#include "results/store/results_store.h"

namespace lnc::launcher {

// `key`: the run's id, or a unique prefix (>= 4 characters) of its config hash. InputError naming the store.
results::RunRecord find_stored_run(const results::ResultsStore& store, const std::string& key);
// `given` when not empty, else the default JASPAR database; InputError with the fix when there is none.
std::string motif_database_path(const std::string& given);
// MPI_Allgatherv of doubles over `comm` (checked calls); every rank calls it once per use.
results::motifs::AllGather mpi_all_gather(MPI_Comm comm);
std::string default_motifs_dir(const std::string& store_path, std::int64_t run_id);

}  // namespace lnc::launcher
