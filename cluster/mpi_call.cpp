#include "cluster/mpi_call.h"

#include <cstdlib>
#include <iostream>

namespace lnc::cluster {

std::string mpi_error_text(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) return "MPI error code " + std::to_string(code);
  return std::string(text, static_cast<size_t>(length));
}

MpiError::MpiError(const std::string& call, int code)
    : CommunicationError(call + " failed: " + mpi_error_text(code)), code_(code) {}

void check_mpi(int code, const char* call) {
  if (code != MPI_SUCCESS) throw MpiError(call, code);
}

void warn_mpi(int code, const char* call) noexcept {
  if (code != MPI_SUCCESS) std::cerr << "lnctrain: warning: " << call << " failed: " << mpi_error_text(code) << std::endl;
}

void return_mpi_errors(MPI_Comm comm) { check_mpi(MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler"); }

void abort_job(const std::string& why) { abort_job(why, 1); }

void abort_job(const std::string& why, int exit_code) {
  std::cerr << "lnctrain: error: " << why << "; aborting the job" << std::endl;
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::abort();  // MPI_Abort does not return; should it, the process must not carry on
}

}  // namespace lnc::cluster
