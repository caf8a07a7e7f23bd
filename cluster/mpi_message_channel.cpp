#include "cluster/mpi_message_channel.h"

#include <climits>

#include "cluster/mpi_call.h"

namespace lnc::cluster {

MpiMessageChannel::MpiMessageChannel(MPI_Comm parent) : comm_(parent) {
  check_mpi(MPI_Comm_rank(comm_.get(), &rank_), "MPI_Comm_rank");
  check_mpi(MPI_Comm_size(comm_.get(), &size_), "MPI_Comm_size");
}

MPI_Comm MpiMessageChannel::open_comm() const {
  if (comm_.get() == MPI_COMM_NULL) throw CommunicationError("message channel used after close()");
  return comm_.get();
}

void MpiMessageChannel::send(int destination, int tag, const std::string& bytes) {
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    throw CommunicationError("message of " + std::to_string(bytes.size()) + " bytes exceeds one MPI message");
  check_mpi(MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, destination, tag, open_comm()), "MPI_Send");
}

std::optional<MessageHeader> MpiMessageChannel::probe() {
  int flag = 0;
  MPI_Status status;
  check_mpi(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, open_comm(), &flag, &status), "MPI_Iprobe");
  if (!flag) return std::nullopt;
  return MessageHeader{status.MPI_SOURCE, status.MPI_TAG};
}

std::string MpiMessageChannel::receive(int source, int tag) {
  const MPI_Comm comm = open_comm();
  MPI_Status status;
  check_mpi(MPI_Probe(source, tag, comm, &status), "MPI_Probe");
  int bytes = 0;
  check_mpi(MPI_Get_count(&status, MPI_BYTE, &bytes), "MPI_Get_count");
  std::string out(static_cast<size_t>(bytes), '\0');
  check_mpi(MPI_Recv(out.data(), bytes, MPI_BYTE, source, tag, comm, MPI_STATUS_IGNORE), "MPI_Recv");
  return out;
}

void MpiMessageChannel::abort(const std::string& why) { abort_job(why); }

}  // namespace lnc::cluster
