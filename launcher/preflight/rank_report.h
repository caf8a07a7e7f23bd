#pragma once
// `lnctrain doctor`: what every rank runs on, one line each, printed by world rank 0 in rank order:
//   rank 3: host n02, local rank 1 of 8, device cuda:1 (nccl), device memory 79.6 GiB, 8 torch thread(s)
// Device memory: the GPU's total as nvidia-smi reports it (no CUDA headers needed; "unknown" without nvidia-smi),
// or the node's physical memory on CPU. Collective over `comm`.
#include <mpi.h>

#include <ostream>
#include <string>

#include "cluster/device_choice.h"

namespace lnc::launcher {

std::string rank_report_line(int world_rank, int local_rank, int local_size, const cluster::DeviceChoice& device,
                             int torch_threads);
void print_rank_reports(MPI_Comm comm, const std::string& line, std::ostream& out);

}  // namespace lnc::launcher
