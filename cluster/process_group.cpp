#include "cluster/process_group.h"

#include <torch/csrc/distributed/c10d/Backend.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <optional>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "cluster/collective_watchdog.h"
#include "cluster/mpi_call.h"

namespace lnc::cluster {

struct ProcessGroup::Impl {
  c10::intrusive_ptr<c10d::TCPStore> store;
  c10::intrusive_ptr<c10d::Backend> backend;
};

namespace {

std::string store_address() {
  const char* env = std::getenv("LNC_STORE_ADDRESS");
  return env && *env ? env : "127.0.0.1";
}

// c10d's TCPStore server ignores the host it is given and listens on every interface ("::"). So lnctrain binds
// the listening socket itself, to `address` only (any free port), and hands it over as masterListenFd
// (tests/unit/process_group_binding_test.cpp checks the result in /proc/net/tcp).
int listen_on(const std::string& address, int& port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST;
  addrinfo* found = nullptr;
  if (::getaddrinfo(address.c_str(), "0", &hints, &found) != 0 || !found)
    throw std::runtime_error("LNC_STORE_ADDRESS '" + address + "' is not a numeric IPv4/IPv6 address");
  const int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  const bool ok = fd >= 0 && ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
                  ::bind(fd, found->ai_addr, found->ai_addrlen) == 0 && ::listen(fd, 128) == 0;
  ::freeaddrinfo(found);
  if (!ok) {
    const std::string why = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot listen on " + address + " for the c10d store: " + why);
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
  port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                           : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return fd;
}

// The watchdog's heartbeats: "<issued> <beat>" under "hb/<group rank>", on a store client of its own (the backend's
// is not shared with a thread that may block on a stopped store host).
std::unique_ptr<CollectiveWatchdog> start_watchdog(const std::string& address, int port, const std::string& name,
                                                   int rank, const std::vector<int>& world_ranks, double timeout_s) {
  c10d::TCPStoreOptions options;
  options.port = static_cast<std::uint16_t>(port);
  options.isServer = false;
  options.waitWorkers = false;
  options.timeout = std::chrono::seconds(30);
  auto client = c10::make_intrusive<c10d::TCPStore>(address, options);
  auto store = c10::make_intrusive<c10d::PrefixStore>(name + "/watchdog", client);
  const int size = static_cast<int>(world_ranks.size());
  auto publish = [store, rank](const Heartbeat& h) {
    const std::string text = std::to_string(h.issued) + " " + std::to_string(h.beat);
    store->set("hb/" + std::to_string(rank), std::vector<std::uint8_t>(text.begin(), text.end()));
  };
  auto read_all = [store, size] {
    std::vector<std::optional<Heartbeat>> out(static_cast<size_t>(size));
    for (int g = 0; g < size; ++g) {
      const std::string key = "hb/" + std::to_string(g);
      if (!store->check({key})) continue;
      const auto bytes = store->get(key);
      Heartbeat h;
      if (std::sscanf(std::string(bytes.begin(), bytes.end()).c_str(), "%lld %lld",
                      reinterpret_cast<long long*>(&h.issued), reinterpret_cast<long long*>(&h.beat)) == 2)
        out[static_cast<size_t>(g)] = h;
    }
    return out;
  };
  return std::make_unique<CollectiveWatchdog>(rank, world_ranks, publish, read_all, timeout_s);
}

}  // namespace

ProcessGroup::ProcessGroup(MPI_Comm comm, const DeviceChoice& device, const std::string& name,
                           double collective_timeout_s)
    : impl_(std::make_unique<Impl>()) {
  check_mpi(MPI_Comm_rank(comm, &rank_), "MPI_Comm_rank");
  check_mpi(MPI_Comm_size(comm, &size_), "MPI_Comm_size");
  int world_rank = 0;
  check_mpi(MPI_Comm_rank(MPI_COMM_WORLD, &world_rank), "MPI_Comm_rank");
  world_ranks_.resize(static_cast<size_t>(size_));
  check_mpi(MPI_Allgather(&world_rank, 1, MPI_INT, world_ranks_.data(), 1, MPI_INT, comm), "MPI_Allgather");
  // The backends' own timeouts are the backstop behind the watchdog, which names the missing ranks first.
  const auto backend_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>((collective_timeout_s + 60) * 1000));

  // Rank 0 starts the store server on a free port; everyone learns address and port over MPI.
  char address[256] = {0};
  int port = 0;
  c10d::TCPStoreOptions options;
  options.numWorkers = size_;
  options.waitWorkers = false;
  options.timeout = std::chrono::minutes(10);
  if (rank_ == 0) {
    std::string a = store_address();
    std::strncpy(address, a.c_str(), sizeof address - 1);
    options.masterListenFd = listen_on(a, port);
    options.port = static_cast<std::uint16_t>(port);
    options.isServer = true;
    impl_->store = c10::make_intrusive<c10d::TCPStore>(a, options);
    port = impl_->store->getPort();
  }
  check_mpi(MPI_Bcast(address, sizeof address, MPI_CHAR, 0, comm), "MPI_Bcast");
  check_mpi(MPI_Bcast(&port, 1, MPI_INT, 0, comm), "MPI_Bcast");
  if (rank_ != 0) {
    options.port = static_cast<std::uint16_t>(port);
    options.isServer = false;
    impl_->store = c10::make_intrusive<c10d::TCPStore>(std::string(address), options);
  }
  auto prefixed = c10::make_intrusive<c10d::PrefixStore>(name, impl_->store);

  if (device.backend == "gloo") {
    auto gloo_options = c10d::ProcessGroupGloo::Options::create();
    // Gloo binds its listener to this address, so it must be this node's own (LNC_STORE_ADDRESS as this rank sees
    // it), not the store host's: on another node that address cannot be bound.
    gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(store_address()));
    gloo_options->timeout = backend_timeout;
    impl_->backend = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, rank_, size_, gloo_options);
  } else if (device.backend == "nccl") {
#ifdef USE_C10D_NCCL
    // A timed-out collective aborts the communicator and ends the process rather than hanging it.
    ::setenv("TORCH_NCCL_ASYNC_ERROR_HANDLING", "1", 0);
    auto nccl_options = c10d::ProcessGroupNCCL::Options::create();
    nccl_options->timeout = backend_timeout;
    impl_->backend = c10::make_intrusive<c10d::ProcessGroupNCCL>(prefixed, rank_, size_, nccl_options);
#else
    throw std::runtime_error("this lnctrain was built against a LibTorch without NCCL");
#endif
  } else {
    throw std::runtime_error("unknown c10d backend " + device.backend);
  }
  if (size_ > 1)
    watchdog_ = start_watchdog(address, port, name, rank_, world_ranks_, collective_timeout_s);
}

ProcessGroup::~ProcessGroup() = default;

void ProcessGroup::watch_step(std::int64_t step) {
  if (watchdog_) watchdog_->set_step(step);
}
void ProcessGroup::set_collective_timeout(double seconds) {
  if (watchdog_) watchdog_->set_timeout(seconds);
}
std::int64_t ProcessGroup::watch_begin(const char* what) { return watchdog_ ? watchdog_->begin(what) : 0; }
void ProcessGroup::watch_end(std::int64_t token) {
  if (watchdog_) watchdog_->end(token);
}
void ProcessGroup::on_collective_hang(std::function<void(const CollectiveHang&)> handler) {
  if (watchdog_) watchdog_->set_handler(std::move(handler));
}

// One collective's entry in the watchdog, from issue until its wait returns or throws (a backend timeout comes
// 60 s after the watchdog's, which has then reported the hang already).
class Watched {
 public:
  Watched(CollectiveWatchdog* watchdog, const char* what)
      : watchdog_(watchdog), sequence_(watchdog ? watchdog->begin(what) : 0) {}
  Watched(const Watched&) = delete;
  Watched& operator=(const Watched&) = delete;
  ~Watched() { done(); }
  void done() {
    if (watchdog_) watchdog_->end(sequence_);
    watchdog_ = nullptr;
  }

 private:
  CollectiveWatchdog* watchdog_;
  std::int64_t sequence_;
};

struct PendingCollective::Impl {
  c10::intrusive_ptr<c10d::Work> work;
  std::optional<Watched> watched;
};

PendingCollective::PendingCollective() = default;
PendingCollective::PendingCollective(PendingCollective&&) noexcept = default;
PendingCollective& PendingCollective::operator=(PendingCollective&& other) noexcept {
  if (this != &other) {
    wait();
    impl_ = std::move(other.impl_);
  }
  return *this;
}
PendingCollective::~PendingCollective() {
  try {
    wait();
  } catch (...) {
    // A failed collective during unwinding: the error was or will be reported by the path that is unwinding.
  }
}

void PendingCollective::wait() {
  if (!impl_) return;
  auto impl = std::move(impl_);
  impl->work->wait();
  if (impl->watched) impl->watched->done();
}

PendingCollective ProcessGroup::allreduce_sum_async(std::vector<at::Tensor>& tensors, const char* what) {
  PendingCollective pending;
  if (size_ == 1) return pending;
  c10d::AllreduceOptions opts;
  opts.reduceOp = c10d::ReduceOp::SUM;
  pending.impl_ = std::make_unique<PendingCollective::Impl>();
  pending.impl_->watched.emplace(watchdog_.get(), what);
  pending.impl_->work = impl_->backend->allreduce(tensors, opts);
  return pending;
}

void ProcessGroup::allreduce_sum(std::vector<at::Tensor>& tensors, const char* what) {
  if (size_ == 1) return;
  c10d::AllreduceOptions opts;
  opts.reduceOp = c10d::ReduceOp::SUM;
  Watched watched(watchdog_.get(), what);
  impl_->backend->allreduce(tensors, opts)->wait();
  watched.done();
}

void ProcessGroup::broadcast(std::vector<at::Tensor>& tensors, int root, const char* what) {
  if (size_ == 1) return;
  c10d::BroadcastOptions opts;
  opts.rootRank = root;
  Watched watched(watchdog_.get(), what);
  impl_->backend->broadcast(tensors, opts)->wait();
  watched.done();
}

void ProcessGroup::barrier(const char* what) {
  if (size_ == 1) return;
  Watched watched(watchdog_.get(), what);
  impl_->backend->barrier()->wait();
  watched.done();
}

}  // namespace lnc::cluster
