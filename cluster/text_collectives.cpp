#include "cluster/text_collectives.h"

#include <unistd.h>

#include "cluster/mpi_call.h"

namespace lnc::cluster {

std::vector<std::string> gather_text(MPI_Comm comm, const std::string& text, int root) {
  int rank = 0, size = 1;
  check_mpi(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
  check_mpi(MPI_Comm_size(comm, &size), "MPI_Comm_size");
  int length = static_cast<int>(text.size());
  std::vector<int> lengths(static_cast<size_t>(size), 0), offsets(static_cast<size_t>(size), 0);
  check_mpi(MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, root, comm), "MPI_Gather");
  std::string all;
  if (rank == root) {
    int total = 0;
    for (int r = 0; r < size; ++r) {
      offsets[static_cast<size_t>(r)] = total;
      total += lengths[static_cast<size_t>(r)];
    }
    all.resize(static_cast<size_t>(total));
  }
  check_mpi(MPI_Gatherv(text.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, root,
                        comm),
            "MPI_Gatherv");
  std::vector<std::string> out;
  if (rank != root) return out;
  for (int r = 0; r < size; ++r)
    out.push_back(all.substr(static_cast<size_t>(offsets[static_cast<size_t>(r)]),
                             static_cast<size_t>(lengths[static_cast<size_t>(r)])));
  return out;
}

std::string broadcast_text(MPI_Comm comm, const std::string& text, int root) {
  int rank = 0;
  check_mpi(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
  int length = static_cast<int>(text.size());
  check_mpi(MPI_Bcast(&length, 1, MPI_INT, root, comm), "MPI_Bcast");
  std::string out = rank == root ? text : std::string(static_cast<size_t>(length), '\0');
  if (length > 0) check_mpi(MPI_Bcast(out.data(), length, MPI_CHAR, root, comm), "MPI_Bcast");
  return out;
}

std::string host_name() {
  char host[256] = {0};
  return ::gethostname(host, sizeof host - 1) == 0 ? std::string(host) : std::string("?");
}

}  // namespace lnc::cluster
