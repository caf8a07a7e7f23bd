#include "launcher/preflight/allreduce_bandwidth.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdio>

#include "cluster/duplicated_comm.h"
#include "cluster/mpi_call.h"
#include "cluster/mpi_environment.h"
#include "cluster/process_group.h"
#include "launcher/grid/rank_groups.h"

namespace lnc::launcher {

std::vector<BandwidthResult> measure_allreduce_bandwidth(cluster::MpiEnvironment& mpi,
                                                         const cluster::DeviceChoice& device,
                                                         const std::vector<int>& group_sizes, std::int64_t bytes,
                                                         int repetitions, std::ostream& out) {
  cluster::DuplicatedComm world(mpi.world());
  std::vector<BandwidthResult> results;
  for (int size : group_sizes) {
    if (size < 2) continue;
    RankGroups groups(world.get(), size);
    cluster::ProcessGroup pg(groups.comm(), device, "lnctrain/doctor/size" + std::to_string(size) + "/group" +
                                                        std::to_string(groups.index()));
    std::vector<at::Tensor> t{torch::ones({bytes / 4}, torch::dtype(torch::kFloat32).device(device.device))};
    auto sync = [&] {
      if (device.cuda) torch::cuda::synchronize(device.cuda_index);
    };
    pg.allreduce_sum(t, "doctor all-reduce");  // warm-up: connections and buffers
    sync();
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < repetitions; ++i) pg.allreduce_sum(t, "doctor all-reduce");
    sync();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / repetitions;
    double slowest = 0;
    cluster::check_mpi(MPI_Reduce(&seconds, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, world.get()), "MPI_Reduce");
    BandwidthResult r;
    r.group_size = size;
    r.groups = mpi.size() / size;
    r.seconds = slowest;
    r.algorithm_gbps = slowest > 0 ? static_cast<double>(bytes) / slowest / 1e9 : 0;
    r.bus_gbps = r.algorithm_gbps * 2.0 * (size - 1) / size;
    if (mpi.rank() == 0) {
      char line[256];
      std::snprintf(line, sizeof line,
                    "lnctrain doctor: all-reduce, groups of %d (%d group(s)), %.1f MiB fp32: %.3f ms, algorithm %.3f "
                    "GB/s, bus %.3f GB/s (slowest group)",
                    size, r.groups, static_cast<double>(bytes) / (1024.0 * 1024.0), slowest * 1e3, r.algorithm_gbps,
                    r.bus_gbps);
      out << line << std::endl;
    }
    results.push_back(r);
  }
  world.free();
  return results;
}

}  // namespace lnc::launcher
