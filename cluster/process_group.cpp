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
#include <cstdlib>
#include <cstring>
#include <stdexcept>

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

}  // namespace

ProcessGroup::ProcessGroup(MPI_Comm comm, const DeviceChoice& device, const std::string& name)
    : impl_(std::make_unique<Impl>()) {
  check_mpi(MPI_Comm_rank(comm, &rank_), "MPI_Comm_rank");
  check_mpi(MPI_Comm_size(comm, &size_), "MPI_Comm_size");

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
    gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(std::string(address)));
    gloo_options->timeout = std::chrono::minutes(30);
    impl_->backend = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, rank_, size_, gloo_options);
  } else if (device.backend == "nccl") {
#ifdef USE_C10D_NCCL
    auto nccl_options = c10d::ProcessGroupNCCL::Options::create();
    impl_->backend = c10::make_intrusive<c10d::ProcessGroupNCCL>(prefixed, rank_, size_, nccl_options);
#else
    throw std::runtime_error("this lnctrain was built against a LibTorch without NCCL");
#endif
  } else {
    throw std::runtime_error("unknown c10d backend " + device.backend);
  }
}

ProcessGroup::~ProcessGroup() = default;

struct PendingCollective::Impl {
  c10::intrusive_ptr<c10d::Work> work;
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
}

PendingCollective ProcessGroup::allreduce_sum_async(std::vector<at::Tensor>& tensors) {
  PendingCollective pending;
  if (size_ == 1) return pending;
  c10d::AllreduceOptions opts;
  opts.reduceOp = c10d::ReduceOp::SUM;
  pending.impl_ = std::make_unique<PendingCollective::Impl>();
  pending.impl_->work = impl_->backend->allreduce(tensors, opts);
  return pending;
}

void ProcessGroup::allreduce_sum(std::vector<at::Tensor>& tensors) {
  if (size_ == 1) return;
  c10d::AllreduceOptions opts;
  opts.reduceOp = c10d::ReduceOp::SUM;
  impl_->backend->allreduce(tensors, opts)->wait();
}

void ProcessGroup::broadcast(std::vector<at::Tensor>& tensors, int root) {
  if (size_ == 1) return;
  c10d::BroadcastOptions opts;
  opts.rootRank = root;
  impl_->backend->broadcast(tensors, opts)->wait();
}

void ProcessGroup::barrier() {
  if (size_ == 1) return;
  impl_->backend->barrier()->wait();
}

}  // namespace lnc::cluster
