#pragma once
// Checked MPI calls. Every communicator the grid uses is set to MPI_ERRORS_RETURN (return_mpi_errors), so that a
// failing call returns its code instead of aborting inside MPI, and every call goes through check_mpi, which turns
// a code other than MPI_SUCCESS into an MpiError naming the call and MPI's own error text, e.g.
//   "MPI_Send failed: MPI_ERR_RANK: invalid rank".
// The error is still fatal to the job (communication_error.h): the top of the grid reports it and calls abort_job.
#include <mpi.h>

#include <string>

#include "cluster/communication_error.h"

namespace lnc::cluster {

class MpiError : public CommunicationError {
 public:
  MpiError(const std::string& call, int code);
  int code() const { return code_; }

 private:
  int code_;
};

// MPI's text for an error code ("MPI_ERR_TRUNCATE: message truncated").
std::string mpi_error_text(int code);

// Throws MpiError unless code == MPI_SUCCESS.
void check_mpi(int code, const char* call);
// For destructors, which must not throw: prints "lnctrain: warning: <call> failed: ..." to stderr instead.
void warn_mpi(int code, const char* call) noexcept;

// Errors on `comm` are returned to the caller (and so reach check_mpi) rather than aborting inside MPI.
void return_mpi_errors(MPI_Comm comm);

// Prints "lnctrain: error: <why>; aborting the job" to stderr and aborts every rank (MPI_Abort on the world,
// exit code 1), as MPI's default error handler would have, but with the failing call named.
[[noreturn]] void abort_job(const std::string& why);
// The same with another exit code (mpirun exits with it: launcher/grid/collective_hang.h).
[[noreturn]] void abort_job(const std::string& why, int exit_code);

}  // namespace lnc::cluster
