#pragma once
// What a run's provenance says about where it ran (results/store/run_provenance.h): the device's model name, this
// node's host name, the MPI library's version, and the host names of a group's ranks gathered over its
// communicator.
#include <mpi.h>

#include <string>

#include "cluster/device_choice.h"

namespace lnc::cluster {

// CPU: /proc/cpuinfo's "model name"; CUDA: the "Model:" line of /proc/driver/nvidia/gpus/<pci>/information of the
// device's index among those entries in PCI order (CUDA's order with CUDA_DEVICE_ORDER=PCI_BUS_ID; on nodes with one
// GPU model, as clusters have, the model is the same either way). Followed by " (<device>)", e.g.
// "NVIDIA H200 (cuda:0)"; "unknown (<device>)" when the file is not there.
std::string device_name(const DeviceChoice& device);

// MPI_Get_library_version's first line (callable before MPI_Init).
std::string mpi_library_version();

// The distinct host names (MPI_Get_processor_name) of the communicator's ranks, in rank order, with the ranks of
// each: "node1 (ranks 0-1), node2 (rank 2)" for more than one host, "node1" for one. A collective: every rank of
// `comm` calls it; every rank gets the same text. Checked MPI calls (cluster/mpi_call.h).
std::string rank_hosts(MPI_Comm comm);

}  // namespace lnc::cluster
