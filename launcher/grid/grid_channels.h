#pragma once
// The grid's messages (launcher/grid/grid_messages.h), typed, over its two message channels
// (cluster/message_channel.h): `to_coordinator` (requests, progress, results) and `to_workers` (assignments). A
// leader calls the send_request .. send_result side, the coordinator (world rank 0, its own thread) the
// next_message .. send_assignment side; rank 0 does both, on the same object. Copies share the channels.
// Over MPI (open_mpi) the channels are two communicators duplicated from the world; a test builds them from
// in-process channels (cluster/in_process_channel.h), one GridChannels per simulated rank.
// A channel failure throws cluster::CommunicationError; a message of the wrong shape throws std::runtime_error.
#include <mpi.h>

#include <memory>
#include <optional>

#include "cluster/message_channel.h"
#include "launcher/grid/grid_messages.h"

namespace lnc::launcher {

class GridChannels {
 public:
  GridChannels(std::shared_ptr<cluster::MessageChannel> to_coordinator,
               std::shared_ptr<cluster::MessageChannel> to_workers);
  static GridChannels open_mpi(MPI_Comm world);  // collective over `world`
  void close();                                  // collective over MPI; the channels are unusable after it

  // Leader side; the coordinator is rank 0.
  void send_request(const Request& request);
  Assignment receive_assignment();  // blocks
  void send_progress(const Progress& progress);
  void send_result(const RunResult& result);  // and, when it has rows, its importance message right after
  void send_hang(const Hang& hang);            // any rank, from its watchdog's thread

  // Coordinator side.
  std::optional<cluster::MessageHeader> next_message();  // a message waiting for the coordinator; does not block
  Request receive_request(int source);
  Progress receive_progress(int source);
  RunResult receive_result(int source);  // with its importance rows
  Hang receive_hang(int source);
  void discard(int source, int tag);     // a message with a tag the coordinator does not know
  void send_assignment(int leader, const Assignment& assignment);

  // After a communication failure: ends the job (cluster/message_channel.h).
  [[noreturn]] void abort(const std::string& why);

 private:
  std::shared_ptr<cluster::MessageChannel> to_coordinator_, to_workers_;
};

}  // namespace lnc::launcher
