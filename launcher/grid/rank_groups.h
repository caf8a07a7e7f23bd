#pragma once
// Placement: the job's ranks are split into equal groups of consecutive world ranks (MPI_Comm_split); each group
// runs one grid point at a time on its own c10d process group. Group g holds world ranks
// [g * size, (g + 1) * size); its rank 0 (the group leader) talks to the coordinator on world rank 0.
#include <mpi.h>

#include <cstdint>
#include <string>

namespace lnc::launcher {

// The group size for `world` ranks: `configured` when > 0 (it must divide `world`: InputError naming
// parallelism.group_size otherwise), else world when the grid has one point and 1 when it has several
// (config/run_config.h, ParallelismConfig).
int resolve_group_size(std::int64_t configured, int world, std::size_t grid_points, const std::string& file);

// "first-last" world ranks of group `index` ("r" for a group of one): what the store records.
std::string group_ranks_label(int index, int group_size);

class RankGroups {
 public:
  // Collective over `world`; the group communicator returns errors (every call on it is checked, cluster/mpi_call.h).
  RankGroups(MPI_Comm world, int group_size);
  ~RankGroups();
  RankGroups(const RankGroups&) = delete;
  RankGroups& operator=(const RankGroups&) = delete;

  int group_size() const { return group_size_; }
  int num_groups() const { return num_groups_; }
  int index() const { return index_; }             // this rank's group
  bool leader() const { return rank_in_group_ == 0; }
  MPI_Comm comm() const { return comm_; }

 private:
  int group_size_, num_groups_, index_, rank_in_group_;
  MPI_Comm comm_ = MPI_COMM_NULL;
};

}  // namespace lnc::launcher
