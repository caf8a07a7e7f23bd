#pragma once
// MPI bootstrap: rank discovery for the whole job and per node. MPI is used only for discovery, the c10d store
// bootstrap and small control messages; tensors travel over the c10d process group.
#include <mpi.h>

namespace lnc::cluster {

class MpiEnvironment {
 public:
  MpiEnvironment(int* argc, char*** argv);  // MPI_Init_thread unless already initialised
  ~MpiEnvironment();                        // MPI_Finalize if this object initialised MPI
  MpiEnvironment(const MpiEnvironment&) = delete;
  MpiEnvironment& operator=(const MpiEnvironment&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  int local_rank() const { return local_rank_; }  // among ranks on this node
  int local_size() const { return local_size_; }
  MPI_Comm world() const { return MPI_COMM_WORLD; }

 private:
  bool owns_ = false;
  int rank_ = 0, size_ = 1, local_rank_ = 0, local_size_ = 1;
};

}  // namespace lnc::cluster
