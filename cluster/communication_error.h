#pragma once
// A failed message or collective between ranks. Unlike a bad input or a failed run, it leaves the ranks out of step
// (a peer may wait forever for what was not sent), so whoever catches it ends the job (cluster/mpi_call.h,
// abort_job) instead of carrying on.
#include <stdexcept>

namespace lnc::cluster {

class CommunicationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace lnc::cluster
