#include "launcher/grid/rank_groups.h"

#include "base/input_error.h"
#include "cluster/mpi_call.h"

namespace lnc::launcher {

int resolve_group_size(std::int64_t configured, int world, std::size_t grid_points, const std::string& file) {
  if (configured > 0) {
    if (configured > world || world % configured != 0)
      throw InputError(file, 0, "parallelism.group_size",
                       "group_size " + std::to_string(configured) + " must divide the number of ranks (" +
                           std::to_string(world) + ")");
    return static_cast<int>(configured);
  }
  return grid_points <= 1 ? world : 1;
}

std::string group_ranks_label(int index, int group_size) {
  const int first = index * group_size, last = first + group_size - 1;
  return group_size == 1 ? std::to_string(first) : std::to_string(first) + "-" + std::to_string(last);
}

RankGroups::RankGroups(MPI_Comm world, int group_size) : group_size_(group_size) {
  int rank = 0, size = 1;
  cluster::check_mpi(MPI_Comm_rank(world, &rank), "MPI_Comm_rank");
  cluster::check_mpi(MPI_Comm_size(world, &size), "MPI_Comm_size");
  num_groups_ = size / group_size;
  index_ = rank / group_size;
  cluster::check_mpi(MPI_Comm_split(world, index_, rank, &comm_), "MPI_Comm_split");
  cluster::return_mpi_errors(comm_);
  cluster::check_mpi(MPI_Comm_rank(comm_, &rank_in_group_), "MPI_Comm_rank");
}

RankGroups::~RankGroups() {
  int finalized = 0;
  cluster::warn_mpi(MPI_Finalized(&finalized), "MPI_Finalized");
  if (!finalized && comm_ != MPI_COMM_NULL) cluster::warn_mpi(MPI_Comm_free(&comm_), "MPI_Comm_free");
}

}  // namespace lnc::launcher
