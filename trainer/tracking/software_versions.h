#pragma once
// The versions of what a run ran on, for its provenance (results/store/run_provenance.h): lnctrain (git describe at
// build time, base/build_version.h), LibTorch (TORCH_VERSION of the headers built against), the CUDA runtime and
// NCCL of that LibTorch ("none" in a build without CUDA), Open MPI / MPICH (MPI_Get_library_version) and HDF5.
#include <string>
#include <utility>
#include <vector>

namespace lnc::trainer {

// (key, value) in the store's key order: lnctrain, libtorch, cuda, nccl, mpi, hdf5.
std::vector<std::pair<std::string, std::string>> software_versions();

}  // namespace lnc::trainer
