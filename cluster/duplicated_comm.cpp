#include "cluster/duplicated_comm.h"

#include "cluster/mpi_call.h"

namespace lnc::cluster {

DuplicatedComm::DuplicatedComm(MPI_Comm parent) {
  check_mpi(MPI_Comm_dup(parent, &comm_), "MPI_Comm_dup");
  return_mpi_errors(comm_);
}

DuplicatedComm::~DuplicatedComm() {
  if (comm_ == MPI_COMM_NULL) return;
  int finalized = 0;
  warn_mpi(MPI_Finalized(&finalized), "MPI_Finalized");
  if (!finalized) warn_mpi(MPI_Comm_free(&comm_), "MPI_Comm_free");
}

void DuplicatedComm::free() {
  if (comm_ != MPI_COMM_NULL) check_mpi(MPI_Comm_free(&comm_), "MPI_Comm_free");
}

}  // namespace lnc::cluster
