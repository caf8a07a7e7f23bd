#include "cluster/collective_watchdog.h"

#include <future>
#include <iostream>
#include <sstream>

namespace lnc::cluster {
namespace {

using Clock = std::chrono::steady_clock;

// read() on a thread of its own, abandoned when it has not answered within `deadline` (a stopped store host).
std::optional<std::vector<std::optional<Heartbeat>>> read_within(const CollectiveWatchdog::ReadAll& read,
                                                                 std::chrono::milliseconds deadline) {
  auto promise = std::make_shared<std::promise<std::vector<std::optional<Heartbeat>>>>();
  auto answer = promise->get_future();
  std::thread([promise, read] {
    try {
      promise->set_value(read());
    } catch (...) {
      promise->set_exception(std::current_exception());
    }
  }).detach();
  if (answer.wait_for(deadline) != std::future_status::ready) return std::nullopt;
  try {
    return answer.get();
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace

CollectiveWatchdog::CollectiveWatchdog(int group_rank, std::vector<int> world_ranks, Publish publish,
                                       ReadAll read_all, double timeout_seconds, std::chrono::milliseconds period)
    : group_rank_(group_rank),
      world_ranks_(std::move(world_ranks)),
      read_all_(std::move(read_all)),
      period_(period),
      state_(std::make_shared<State>()) {
  state_->timeout_seconds = timeout_seconds;
  // A beat every period, and soon after new collectives (at most every tenth of a period), so that a peer's count
  // at a hang is close to where it stopped.
  std::thread([state = state_, publish = std::move(publish), period] {
    for (std::int64_t published = -1;;) {
      Heartbeat beat;
      {
        std::unique_lock<std::mutex> lock(state->mutex);
        if (state->stopping) {
          state->publisher_running = false;
          state->wake.notify_all();
          return;
        }
        beat = Heartbeat{state->issued, ++state->beat};
      }
      try {
        publish(beat);
        published = beat.issued;
      } catch (...) {
        // A peer that cannot read this beat reports this rank as not responding, which is then the truth.
      }
      std::unique_lock<std::mutex> lock(state->mutex);
      state->wake.wait_for(lock, period / 10, [&] { return state->stopping; });
      state->wake.wait_for(lock, period - period / 10,
                           [&] { return state->stopping || state->issued != published; });
    }
  }).detach();
  monitor_ = std::thread([this] { monitor(); });
}

CollectiveWatchdog::~CollectiveWatchdog() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
  }
  state_->wake.notify_all();
  if (monitor_.joinable()) monitor_.join();
  // The publisher ends at its next wake-up; one stuck on an unreachable store host is abandoned.
  std::unique_lock<std::mutex> lock(state_->mutex);
  state_->wake.wait_for(lock, std::chrono::seconds(2), [&] { return !state_->publisher_running; });
}

std::int64_t CollectiveWatchdog::begin(const char* what) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const std::int64_t sequence = ++state_->issued;
  state_->in_flight[sequence] = InFlight{what, Clock::now()};
  state_->wake.notify_all();  // the publisher
  return sequence;
}

void CollectiveWatchdog::end(std::int64_t sequence) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->in_flight.erase(sequence);
}

void CollectiveWatchdog::set_step(std::int64_t step) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->step = step;
}

void CollectiveWatchdog::set_timeout(double seconds) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->timeout_seconds = seconds;
}

void CollectiveWatchdog::set_handler(Handler handler) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->handler = std::move(handler);
}

void CollectiveWatchdog::monitor() {
  for (;;) {
    std::unique_lock<std::mutex> lock(state_->mutex);
    state_->wake.wait_for(lock, period_, [&] { return state_->stopping; });
    if (state_->stopping) return;
    if (state_->fired || state_->in_flight.empty()) continue;
    const auto oldest = *state_->in_flight.begin();  // the lowest number was issued first
    const double waited = std::chrono::duration<double>(Clock::now() - oldest.second.started).count();
    if (waited <= state_->timeout_seconds) continue;
    state_->fired = true;  // once: the handler ends the job
    const double timeout = state_->timeout_seconds;
    const std::int64_t step = state_->step;
    Handler handler = state_->handler;
    lock.unlock();
    const CollectiveHang hang = diagnose(oldest.first, oldest.second, timeout, step);
    if (handler) {
      handler(hang);
    } else {
      std::cerr << "lnctrain: collective watchdog: " << hang.collective << " #" << hang.sequence << " waited "
                << hang.waited_seconds << " s: " << hang.detail << std::endl;
    }
  }
}

CollectiveHang CollectiveWatchdog::diagnose(std::int64_t sequence, const InFlight& hung, double timeout_seconds,
                                            std::int64_t step) {
  CollectiveHang hang;
  hang.collective = hung.what;
  hang.sequence = sequence;
  hang.step = step;
  hang.timeout_seconds = timeout_seconds;
  const auto deadline = std::chrono::milliseconds(5000);
  const auto first = read_within(read_all_, deadline);
  std::ostringstream detail;
  if (!first) {
    hang.missing = {world_ranks_.front()};
    detail << "world rank " << world_ranks_.front()
           << " (the group's store host) does not respond: the heartbeats could not be read within 5 s";
  } else {
    // A live peer's beat moves once a period: three periods without a move is silence.
    std::this_thread::sleep_for(3 * period_);
    const auto second = read_within(read_all_, deadline);
    const char* separator = "";
    std::ostringstream silence_text;
    silence_text << 3 * period_.count() / 1000.0;
    const std::string silence = silence_text.str();
    for (size_t g = 0; g < world_ranks_.size(); ++g) {
      if (static_cast<int>(g) == group_rank_) continue;
      const auto& a = g < first->size() ? (*first)[g] : std::nullopt;
      const std::optional<Heartbeat> b = second && g < second->size() ? (*second)[g] : std::nullopt;
      std::string why;
      if (!a) {
        why = "never published a heartbeat";
      } else {
        if (a->issued < sequence)
          why = "last reported " + std::to_string(a->issued) + " collective(s) issued, not yet #" +
                std::to_string(sequence);
        if (!b || b->beat == a->beat)
          why += std::string(why.empty() ? "" : ", and ") + "does not respond (no heartbeat for " + silence + " s)";
      }
      if (why.empty()) continue;
      hang.missing.push_back(world_ranks_[g]);
      detail << separator << "world rank " << world_ranks_[g] << " " << why;
      separator = "; ";
    }
    if (hang.missing.empty()) detail << "every rank of the group arrived and responds (a backend fault)";
  }
  hang.waited_seconds = std::chrono::duration<double>(Clock::now() - hung.started).count();
  hang.detail = detail.str();
  return hang;
}

}  // namespace lnc::cluster
