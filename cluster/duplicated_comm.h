#pragma once
// A communicator of one's own: a duplicate of `parent` (its messages never match anyone else's) set to
// MPI_ERRORS_RETURN, so that failures reach check_mpi (cluster/mpi_call.h) as codes. Creating and freeing are
// collective over the parent's ranks; free() reports a failure by throwing, the destructor (for a duplicate not
// freed explicitly, e.g. while an exception unwinds) by a warning on stderr.
#include <mpi.h>

namespace lnc::cluster {

class DuplicatedComm {
 public:
  explicit DuplicatedComm(MPI_Comm parent);
  ~DuplicatedComm();
  DuplicatedComm(const DuplicatedComm&) = delete;
  DuplicatedComm& operator=(const DuplicatedComm&) = delete;

  MPI_Comm get() const { return comm_; }  // MPI_COMM_NULL once freed
  void free();

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
};

}  // namespace lnc::cluster
