#pragma once
// MessageChannels (cluster/message_channel.h) between threads of one process, each thread playing one rank: the
// ends share in-memory queues, one per destination rank, behind one mutex. They keep MPI's guarantees that the grid
// relies on (per sender and tag, first sent is first received; probe shows a message without taking it), so code
// written against the channel can be unit tested without mpirun (tests/unit/grid_coordinator_test.cpp).
// A receive that waits longer than `receive_timeout` throws CommunicationError (a test that would hang fails
// instead); abort() prints its reason and calls std::abort.
#include <chrono>
#include <memory>
#include <vector>

#include "cluster/message_channel.h"

namespace lnc::cluster {

// One end per rank, rank i at index i; the ends stay usable as long as any of them lives.
std::vector<std::shared_ptr<MessageChannel>> in_process_channels(
    int size, std::chrono::milliseconds receive_timeout = std::chrono::seconds(60));

}  // namespace lnc::cluster
