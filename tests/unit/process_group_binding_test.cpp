// Network exposure: the c10d TCPStore server (and Gloo's listener) of a single-node process group listen on
// loopback only unless LNC_STORE_ADDRESS names an interface. Checked on the sockets this process opened while
// the group was created, read from /proc/net/tcp (+tcp6) and /proc/self/fd. In the Integration group because it
// initialises MPI in the test process (singleton), which the other unit tests must not share.
#include <dirent.h>
#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cluster/device_choice.h"
#include "cluster/process_group.h"

namespace lnc::cluster {
namespace {

std::set<std::string> own_socket_inodes() {
  std::set<std::string> inodes;
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) return inodes;
  while (dirent* e = ::readdir(dir)) {
    char target[256] = {0};
    const std::string link = std::string("/proc/self/fd/") + e->d_name;
    const ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
    const std::string t(target, n > 0 ? static_cast<size_t>(n) : 0);
    if (t.rfind("socket:[", 0) == 0) inodes.insert(t.substr(8, t.size() - 9));
  }
  ::closedir(dir);
  return inodes;
}

struct Listener {
  std::string local_address;  // hex as in /proc/net/tcp: "0100007F:1F90"
  std::string inode;
};

std::vector<Listener> listening_sockets() {
  std::vector<Listener> out;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
      fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode;
      if (state == "0A") out.push_back({local, inode});  // 0A = LISTEN
    }
  }
  return out;
}

bool is_loopback(const std::string& hex_address) {
  const std::string ip = hex_address.substr(0, hex_address.find(':'));
  if (ip.size() == 8) return ip.substr(6, 2) == "7F";  // IPv4, little-endian: 127.x.x.x
  return ip == "00000000000000000000000001000000" ||    // ::1
         (ip.substr(0, 24) == "0000000000000000FFFF0000" && ip.substr(30, 2) == "7F");  // ::ffff:127.x
}

TEST(IntegrationNetworkExposure, SingleNodeStoreListensOnLoopbackOnly) {
  ::unsetenv("LNC_STORE_ADDRESS");
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) MPI_Init(nullptr, nullptr);
  const std::set<std::string> before = own_socket_inodes();

  DeviceChoice cpu{"cpu", "gloo", false, -1};
  ProcessGroup group(MPI_COMM_SELF, cpu, "binding_test");
  ASSERT_EQ(group.size(), 1);

  const std::set<std::string> after = own_socket_inodes();
  int new_listeners = 0;
  for (const Listener& l : listening_sockets()) {
    if (!after.count(l.inode) || before.count(l.inode)) continue;  // not a socket the group opened
    ++new_listeners;
    std::printf("new listening socket %s (inode %s)\n", l.local_address.c_str(), l.inode.c_str());
    EXPECT_TRUE(is_loopback(l.local_address)) << "listening on " << l.local_address << " (inode " << l.inode << ")";
  }
  EXPECT_GE(new_listeners, 1) << "the TCPStore server socket was not found";
}

}  // namespace
}  // namespace lnc::cluster
