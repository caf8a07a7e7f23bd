#pragma once
// Strings over MPI for small control data (the pre-flight's findings, host names): every rank's text gathered
// on one rank, and one rank's text broadcast. Collective over `comm`; every call checked (cluster/mpi_call.h).
#include <mpi.h>

#include <string>
#include <vector>

namespace lnc::cluster {

// On `root`: the text of every rank, by rank; elsewhere: empty.
std::vector<std::string> gather_text(MPI_Comm comm, const std::string& text, int root);
// Every rank returns `root`'s text.
std::string broadcast_text(MPI_Comm comm, const std::string& text, int root);

std::string host_name();  // gethostname, "?" when it fails

}  // namespace lnc::cluster
