#pragma once
// `lnctrain doctor`: all-reduce bandwidth across the world and within the groups the grid's plan forms
// (launcher/grid/group_size_plan.h), one line per group size, printed by world rank 0:
//   all-reduce, groups of 2 (1 group(s)), 8.0 MiB fp32: 3.21 ms, algorithm 2.61 GB/s, bus 2.61 GB/s (slowest group)
// Each group all-reduces `bytes` of fp32 once to warm up, then `repetitions` times; the time is the mean per
// all-reduce on the slowest rank of the slowest group. Bus bandwidth = algorithm bandwidth x 2(n-1)/n, the
// convention of nccl-tests, comparable across group sizes. Collective over the world; each group size builds its
// own process group (cluster/process_group.h), so a bad interface or rendezvous shows here, not hours later.
#include <cstdint>
#include <ostream>
#include <vector>

#include "cluster/device_choice.h"

namespace lnc::cluster {
class MpiEnvironment;
}

namespace lnc::launcher {

struct BandwidthResult {
  int group_size = 0, groups = 0;
  double seconds = 0, algorithm_gbps = 0, bus_gbps = 0;  // on world rank 0
};

std::vector<BandwidthResult> measure_allreduce_bandwidth(cluster::MpiEnvironment& mpi,
                                                         const cluster::DeviceChoice& device,
                                                         const std::vector<int>& group_sizes, std::int64_t bytes,
                                                         int repetitions, std::ostream& out);

}  // namespace lnc::launcher
