#include "cluster/in_process_channel.h"

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <mutex>

namespace lnc::cluster {
namespace {

struct Message {
  int source, tag;
  std::string bytes;
};

struct Queues {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<std::deque<Message>> inbox;  // by destination rank
  std::chrono::milliseconds receive_timeout;
};

class InProcessChannel : public MessageChannel {
 public:
  InProcessChannel(std::shared_ptr<Queues> queues, int rank) : queues_(std::move(queues)), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return static_cast<int>(queues_->inbox.size()); }

  void send(int destination, int tag, const std::string& bytes) override {
    if (destination < 0 || destination >= size())
      throw CommunicationError("in-process send from rank " + std::to_string(rank_) + " to rank " +
                               std::to_string(destination) + " of " + std::to_string(size()));
    {
      std::lock_guard<std::mutex> lock(queues_->mutex);
      check_open();
      queues_->inbox[static_cast<size_t>(destination)].push_back(Message{rank_, tag, bytes});
    }
    queues_->arrived.notify_all();
  }

  std::optional<MessageHeader> probe() override {
    std::lock_guard<std::mutex> lock(queues_->mutex);
    check_open();
    const auto& inbox = queues_->inbox[static_cast<size_t>(rank_)];
    if (inbox.empty()) return std::nullopt;
    return MessageHeader{inbox.front().source, inbox.front().tag};
  }

  std::string receive(int source, int tag) override {
    std::unique_lock<std::mutex> lock(queues_->mutex);
    auto& inbox = queues_->inbox[static_cast<size_t>(rank_)];
    std::string out;
    auto take = [&] {
      check_open();
      for (auto it = inbox.begin(); it != inbox.end(); ++it)
        if (it->source == source && it->tag == tag) {
          out = std::move(it->bytes);
          inbox.erase(it);
          return true;
        }
      return false;
    };
    if (!queues_->arrived.wait_for(lock, queues_->receive_timeout, take))
      throw CommunicationError("in-process rank " + std::to_string(rank_) + ": no message with tag " +
                               std::to_string(tag) + " from rank " + std::to_string(source) + " within " +
                               std::to_string(queues_->receive_timeout.count()) + " ms");
    return out;
  }

  void close() override { closed_ = true; }

  [[noreturn]] void abort(const std::string& why) override {
    std::cerr << "lnctrain: error: " << why << "; aborting" << std::endl;
    std::abort();
  }

 private:
  void check_open() const {
    if (closed_) throw CommunicationError("message channel used after close()");
  }
  std::shared_ptr<Queues> queues_;
  int rank_;
  std::atomic<bool> closed_{false};  // this end only
};

}  // namespace

std::vector<std::shared_ptr<MessageChannel>> in_process_channels(int size, std::chrono::milliseconds receive_timeout) {
  auto queues = std::make_shared<Queues>();
  queues->inbox.resize(static_cast<size_t>(size));
  queues->receive_timeout = receive_timeout;
  std::vector<std::shared_ptr<MessageChannel>> ends;
  for (int r = 0; r < size; ++r) ends.push_back(std::make_shared<InProcessChannel>(queues, r));
  return ends;
}

}  // namespace lnc::cluster
