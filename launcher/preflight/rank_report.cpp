#include "launcher/preflight/rank_report.h"

#include <unistd.h>

#include <cstdio>

#include "cluster/mpi_call.h"
#include "cluster/text_collectives.h"

namespace lnc::launcher {
namespace {

std::string gib(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GiB", bytes / (1024.0 * 1024.0 * 1024.0));
  return text;
}

std::string gpu_memory(int index) {
  const std::string command = "nvidia-smi --query-gpu=memory.total --format=csv,noheader,nounits -i " +
                              std::to_string(index) + " 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return "unknown";
  double mib = -1;
  const int read = std::fscanf(pipe, "%lf", &mib);
  ::pclose(pipe);
  return read == 1 && mib > 0 ? gib(mib * 1024.0 * 1024.0) : "unknown (no nvidia-smi answer)";
}

}  // namespace

std::string rank_report_line(int world_rank, int local_rank, int local_size, const cluster::DeviceChoice& device,
                             int torch_threads) {
  const std::string memory = device.cuda ? gpu_memory(device.cuda_index)
                                         : gib(static_cast<double>(::sysconf(_SC_PHYS_PAGES)) *
                                               static_cast<double>(::sysconf(_SC_PAGESIZE)));
  return "rank " + std::to_string(world_rank) + ": host " + cluster::host_name() + ", local rank " +
         std::to_string(local_rank) + " of " + std::to_string(local_size) + ", device " + device.device + " (" +
         device.backend + "), " + (device.cuda ? "device memory " : "node memory ") + memory + ", " +
         std::to_string(torch_threads) + " torch thread(s)";
}

void print_rank_reports(MPI_Comm comm, const std::string& line, std::ostream& out) {
  for (const auto& l : cluster::gather_text(comm, line, 0)) out << "lnctrain doctor: " << l << "\n";
  out.flush();
}

}  // namespace lnc::launcher
