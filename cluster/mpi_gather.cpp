#include "cluster/mpi_gather.h"

#include "cluster/mpi_call.h"

namespace lnc::cluster {

std::vector<double> gather_to_root(MPI_Comm comm, const std::vector<double>& local, int root) {
  int rank = 0, size = 1;
  check_mpi(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
  check_mpi(MPI_Comm_size(comm, &size), "MPI_Comm_size");
  int count = static_cast<int>(local.size());
  std::vector<int> counts(rank == root ? size : 0), displs(rank == root ? size : 0);
  check_mpi(MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, root, comm), "MPI_Gather");
  std::vector<double> all;
  if (rank == root) {
    int total = 0;
    for (int r = 0; r < size; ++r) {
      displs[r] = total;
      total += counts[r];
    }
    all.resize(static_cast<size_t>(total));
  }
  check_mpi(MPI_Gatherv(local.data(), count, MPI_DOUBLE, all.data(), counts.data(), displs.data(), MPI_DOUBLE, root,
                        comm),
            "MPI_Gatherv");
  return all;
}

bool all_ok(MPI_Comm comm, bool ok) {
  int mine = ok ? 1 : 0, every = 0;
  check_mpi(MPI_Allreduce(&mine, &every, 1, MPI_INT, MPI_MIN, comm), "MPI_Allreduce");
  return every == 1;
}

}  // namespace lnc::cluster
