#pragma once
// Point-to-point messages between the ranks of one communication context: each message is a tag and a byte string,
// sent to one rank and received by it. What the bytes mean belongs to the caller (the grid's messages are encoded
// in launcher/grid/grid_messages.h): the channel carries bytes because cluster/ sits below the layers whose types
// travel (a grid result carries trainer metrics), and so that one interface serves both implementations:
//   MpiMessageChannel  (cluster/mpi_message_channel.h)  one duplicated MPI communicator, between processes;
//   in_process_channels (cluster/in_process_channel.h)  in-memory queues between threads of one process (tests).
// Order: two messages from one sender with one tag arrive in the order they were sent (as in MPI).
// Threads: one channel object may be used from several threads (rank 0 both coordinates and works), as long as only
// one thread receives on it. Failures throw CommunicationError (cluster/communication_error.h).
#include <optional>
#include <string>

#include "cluster/communication_error.h"

namespace lnc::cluster {

struct MessageHeader {
  int source = -1;
  int tag = -1;
};

class MessageChannel {
 public:
  virtual ~MessageChannel() = default;
  virtual int rank() const = 0;  // this end's rank
  virtual int size() const = 0;  // ranks the channel connects

  virtual void send(int destination, int tag, const std::string& bytes) = 0;
  // The source and tag of a message that has arrived for this rank (any source, any tag), without receiving it;
  // nullopt when none has. Does not block.
  virtual std::optional<MessageHeader> probe() = 0;
  // Blocks until the next message from `source` with `tag` arrives, and returns its bytes.
  virtual std::string receive(int source, int tag) = 0;

  // Releases the channel (over MPI: collective, like freeing a communicator); using it afterwards throws.
  virtual void close() = 0;
  // Ends the whole job after a communication failure (the peers cannot be told; nothing may carry on).
  [[noreturn]] virtual void abort(const std::string& why) = 0;
};

}  // namespace lnc::cluster
