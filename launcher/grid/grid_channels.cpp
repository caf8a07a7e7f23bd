#include "launcher/grid/grid_channels.h"

#include <cstdlib>

#include "cluster/mpi_message_channel.h"
#include "launcher/grid/prediction_messages.h"

namespace lnc::launcher {
namespace {
constexpr int kCoordinator = 0;
}

GridChannels::GridChannels(std::shared_ptr<cluster::MessageChannel> to_coordinator,
                           std::shared_ptr<cluster::MessageChannel> to_workers)
    : to_coordinator_(std::move(to_coordinator)), to_workers_(std::move(to_workers)) {}

GridChannels GridChannels::open_mpi(MPI_Comm world) {
  auto to_coordinator = std::make_shared<cluster::MpiMessageChannel>(world);
  auto to_workers = std::make_shared<cluster::MpiMessageChannel>(world);
  return GridChannels(std::move(to_coordinator), std::move(to_workers));
}

void GridChannels::close() {
  if (to_coordinator_) to_coordinator_->close();
  if (to_workers_) to_workers_->close();
}

void GridChannels::send_request(const Request& request) {
  to_coordinator_->send(kCoordinator, kRequest, encode(request));
}

Assignment GridChannels::receive_assignment() { return decode_assignment(to_workers_->receive(kCoordinator, kAssign)); }

void GridChannels::send_progress(const Progress& progress) {
  to_coordinator_->send(kCoordinator, kProgress, encode(progress));
}

void GridChannels::send_result(const RunResult& result) {
  to_coordinator_->send(kCoordinator, kResult, result_to_json(result));
  // Announced in the JSON: the coordinator now waits for it.
  if (result.importance_rows > 0) to_coordinator_->send(kCoordinator, kImportance, importance_to_bytes(result.importance));
  if (result.prediction_rows > 0)
    to_coordinator_->send(kCoordinator, kPredictions, predictions_to_bytes(result.predictions));
}

void GridChannels::send_hang(const Hang& hang) { to_coordinator_->send(kCoordinator, kHang, encode(hang)); }

Hang GridChannels::receive_hang(int source) { return decode_hang(to_coordinator_->receive(source, kHang)); }

std::optional<cluster::MessageHeader> GridChannels::next_message() { return to_coordinator_->probe(); }

Request GridChannels::receive_request(int source) { return decode_request(to_coordinator_->receive(source, kRequest)); }

Progress GridChannels::receive_progress(int source) {
  return decode_progress(to_coordinator_->receive(source, kProgress));
}

RunResult GridChannels::receive_result(int source) {
  RunResult r = result_from_json(to_coordinator_->receive(source, kResult));
  // Sent right after the result by the same leader.
  if (r.importance_rows > 0) r.importance = importance_from_bytes(to_coordinator_->receive(source, kImportance), r.importance_rows);
  if (r.prediction_rows > 0)
    r.predictions = predictions_from_bytes(to_coordinator_->receive(source, kPredictions), r.prediction_rows);
  return r;
}

void GridChannels::discard(int source, int tag) { to_coordinator_->receive(source, tag); }

void GridChannels::send_assignment(int leader, const Assignment& assignment) {
  to_workers_->send(leader, kAssign, encode(assignment));
}

void GridChannels::abort(const std::string& why) {
  to_coordinator_->abort(why);
  std::abort();  // not reached: the channel's abort does not return
}

}  // namespace lnc::launcher
