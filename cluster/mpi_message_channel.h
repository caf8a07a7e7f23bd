#pragma once
// A MessageChannel (cluster/message_channel.h) over MPI: its own communicator, duplicated from the one given (so its
// messages never mix with anyone else's) and set to return errors; every call is checked (cluster/mpi_call.h).
// A message is one MPI message of MPI_BYTE with the caller's tag; a receive probes for its size first, so any
// length up to INT_MAX bytes travels (a longer send throws).
#include <mpi.h>

#include "cluster/duplicated_comm.h"
#include "cluster/message_channel.h"

namespace lnc::cluster {

class MpiMessageChannel : public MessageChannel {
 public:
  explicit MpiMessageChannel(MPI_Comm parent);  // collective over `parent`

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void send(int destination, int tag, const std::string& bytes) override;
  std::optional<MessageHeader> probe() override;
  std::string receive(int source, int tag) override;
  void close() override { comm_.free(); }
  [[noreturn]] void abort(const std::string& why) override;

 private:
  MPI_Comm open_comm() const;  // the communicator, or CommunicationError once closed
  DuplicatedComm comm_;
  int rank_ = 0, size_ = 1;
};

}  // namespace lnc::cluster
