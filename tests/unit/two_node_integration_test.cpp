// The multi-node path without a cluster: two network namespaces joined by a veth pair are two "nodes" (each its
// own hostname, through unshare --uts, and its own address, 10.231.7.1 and .2, private to the namespaces), and
// mpirun runs across them with Open MPI's rsh agent set to a script that runs the remote command inside the target
// namespace. A 2-node x 1-rank grid with a data-parallel point (group of 2, over Gloo on the veth) and a packed
// point (group of 1) gives the results of the same grid on one node; every listening socket of the ranks is on
// their own node's address (LNC_STORE_ADDRESS) or is Open MPI's (its TCP port range is pinned here); and doctor
// reports both hosts. Skipped, saying why, where `ip netns` is not permitted (it needs root and CAP_NET_ADMIN).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "results/store/results_store.h"
#include "tests/unit/grid_test_support.h"

namespace lnc {
namespace {

using namespace test_paths;

int sh(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

// The two namespaces, their veth pair and their /etc/netns/<ns>/hosts (which `ip netns exec` mounts on
// /etc/hosts); all removed again by the destructor.
struct TwoNodes {
  std::string a, b;  // namespace names
  std::string why_not;
  TwoNodes() {
    const std::string id = std::to_string(::getpid());
    a = "lncA" + id;
    b = "lncB" + id;
    if (sh("ip netns add " + a) != 0 || sh("ip netns add " + b) != 0) {
      why_not = "`ip netns add` is not permitted here (needs root with CAP_SYS_ADMIN and CAP_NET_ADMIN)";
      return;
    }
    const std::string va = "lva" + id, vb = "lvb" + id;
    const std::string hosts = "127.0.0.1 localhost\n10.231.7.1 lncnodea\n10.231.7.2 lncnodeb\n";
    for (const auto& ns : {a, b}) {
      std::filesystem::create_directories("/etc/netns/" + ns);
      std::ofstream("/etc/netns/" + ns + "/hosts") << hosts;
    }
    const bool ok = sh("ip link add " + va + " type veth peer name " + vb) == 0 &&
                    sh("ip link set " + va + " netns " + a) == 0 && sh("ip link set " + vb + " netns " + b) == 0 &&
                    sh("ip -n " + a + " addr add 10.231.7.1/24 dev " + va) == 0 &&
                    sh("ip -n " + b + " addr add 10.231.7.2/24 dev " + vb) == 0 &&
                    sh("ip -n " + a + " link set " + va + " up") == 0 && sh("ip -n " + b + " link set " + vb + " up") == 0 &&
                    sh("ip -n " + a + " link set lo up") == 0 && sh("ip -n " + b + " link set lo up") == 0 &&
                    sh("which unshare") == 0;
    if (!ok) why_not = "a veth pair between network namespaces (or unshare) is not available here";
  }
  ~TwoNodes() {
    // Whatever is left in them (a failed run), then the namespaces (their veth ends go with them).
    for (const auto& ns : {a, b}) {
      sh("for p in $(ip netns pids " + ns + "); do kill -9 $p; done");
      sh("ip netns del " + ns);
      sh("rm -rf /etc/netns/" + ns);
    }
  }
};

// Open MPI's rsh agent: "rsh.sh HOST COMMAND..." runs COMMAND in HOST's namespace, with HOST's hostname and address.
std::string write_agent(const std::string& dir, const TwoNodes& nodes) {
  const std::string path = dir + "/rsh.sh";
  std::ofstream(path) << "#!/bin/sh\nhost=$1; shift\ncase \"$host\" in\n"
                      << "  lncnodea) ns=" << nodes.a << "; addr=10.231.7.1 ;;\n"
                      << "  lncnodeb) ns=" << nodes.b << "; addr=10.231.7.2 ;;\n"
                      << "  *) echo \"rsh.sh: unknown host $host\" >&2; exit 1 ;;\nesac\n"
                      << "exec ip netns exec \"$ns\" unshare --uts sh -c \"hostname $host; export "
                         "LNC_STORE_ADDRESS=$addr; $*\"\n";
  ::chmod(path.c_str(), 0755);
  return path;
}

// mpirun on node A (inside its namespace, as host lncnodea) over both nodes, one rank each; Open MPI's own TCP
// listeners pinned to ports 20000-20099 so that the test can tell them from lnctrain's.
std::string two_node_mpirun(const TwoNodes& nodes, const std::string& agent, const std::string& args) {
  mpirun(2);  // the environment every launch here needs (root, transports)
  return "ip netns exec " + nodes.a + " unshare --uts sh -c 'hostname lncnodea; export LNC_STORE_ADDRESS=10.231.7.1; "
         "exec mpirun -np 2 --host lncnodea:1,lncnodeb:1 --mca plm_rsh_agent " + agent +
         " --mca btl self,tcp --mca btl_tcp_if_include 10.231.7.0/24 --mca oob_tcp_if_include 10.231.7.0/24"
         " --mca btl_tcp_port_min_v4 20000 --mca btl_tcp_port_range_v4 100 --mca btl_tcp_port_min_v6 20000"
         " --mca btl_tcp_port_range_v6 100 " + lnctrain(args) + "'";
}

std::map<std::string, std::map<std::string, double>> test_metrics_by_hash(const std::string& store_path) {
  results::ResultsStore store(store_path, true);
  std::map<std::string, std::map<std::string, double>> out;
  for (const auto& run : store.runs())
    for (const auto& m : store.metrics(run.id))
      if (m.split == "test" && !m.epoch) out[run.config_hash][m.name] = m.value;
  return out;
}

struct Listener {
  std::string address;  // hex, as /proc/net/tcp writes it
  int port = 0;
};

// The listening TCP sockets that process `pid` owns, as its network namespace's /proc/<pid>/net/tcp{,6} lists them.
std::vector<Listener> listeners_of(pid_t pid) {
  std::set<std::string> inodes;
  const std::string fds = "/proc/" + std::to_string(pid) + "/fd";
  for (const auto& fd : list_dir(fds)) {
    char target[256] = {0};
    const ssize_t n = ::readlink((fds + "/" + fd).c_str(), target, sizeof target - 1);
    const std::string t(target, n > 0 ? static_cast<size_t>(n) : 0);
    if (t.rfind("socket:[", 0) == 0) inodes.insert(t.substr(8, t.size() - 9));
  }
  std::vector<Listener> out;
  for (const char* table : {"tcp", "tcp6"}) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/net/" + table);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::istringstream f(line);
      std::string slot, local, remote, state, queues, timer, retr, uid, timeout, inode;
      f >> slot >> local >> remote >> state >> queues >> timer >> retr >> uid >> timeout >> inode;
      if (state != "0A" || !inodes.count(inode)) continue;
      const size_t colon = local.find(':');
      out.push_back({local.substr(0, colon), std::stoi(local.substr(colon + 1), nullptr, 16)});
    }
  }
  return out;
}

std::vector<pid_t> lnctrain_pids_in(const std::string& ns) {
  std::vector<pid_t> out;
  FILE* pipe = ::popen(("ip netns pids " + ns + " 2>/dev/null").c_str(), "r");
  if (!pipe) return out;
  for (long pid; std::fscanf(pipe, "%ld", &pid) == 1;) {
    std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
    std::string name;
    if (std::getline(comm, name) && name == "lnctrain") out.push_back(static_cast<pid_t>(pid));
  }
  ::pclose(pipe);
  return out;
}

TEST(IntegrationTwoNodes, AGridAcrossTwoNetworkNamespacesMatchesOneNodeAndListensOnlyOnEachNodesAddress) {
  TwoNodes nodes;
  if (!nodes.why_not.empty()) GTEST_SKIP() << nodes.why_not;
  const std::string dir = scratch_dir();
  const std::string tokens = prepare_toy_tokens(dir);
  auto grid = [&](const std::string& name) {
    const std::string path = dir + "/" + name + ".toml";
    std::ofstream(path) << toy_grid_head(dir + "/" + name + ".sqlite", dir + "/" + name + "_runs", tokens)
                        << "max_steps = 8\ncheckpoint_every = 4\n[[grid.zip]]\n\"parallelism.group_size\" = [2, 1]\n"
                        << "\"training.seed\" = [1, 2]\n";
    return path;
  };
  auto one = run_command(mpirun(2) + lnctrain("--grid " + grid("one")));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const std::string agent = write_agent(dir, nodes);

  auto doctor = run_command(two_node_mpirun(nodes, agent, "doctor --grid " + grid("two") + " --bandwidth-mib 1"));
  EXPECT_EQ(doctor.exit_code, 0) << doctor.output;
  EXPECT_NE(doctor.output.find("rank 0: host lncnodea, local rank 0 of 1"), std::string::npos) << doctor.output;
  EXPECT_NE(doctor.output.find("rank 1: host lncnodeb, local rank 0 of 1"), std::string::npos) << doctor.output;
  EXPECT_NE(doctor.output.find("all-reduce, groups of 2 (1 group(s))"), std::string::npos) << doctor.output;
  EXPECT_NE(doctor.output.find("checked on 2 host(s): all well"), std::string::npos) << doctor.output;

  // The grid across the two nodes, its ranks' listening sockets sampled while it runs.
  const std::string log = dir + "/two.log";
  pid_t launcher = ::fork();
  if (launcher == 0) {
    const std::string command = two_node_mpirun(nodes, agent, "--grid " + grid("two")) + " >" + log + " 2>&1";
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // 10.231.7.1 and .2 as /proc/net/tcp writes IPv4 addresses (little-endian hex).
  const std::map<std::string, std::string> own = {{nodes.a, "0107E70A"}, {nodes.b, "0207E70A"}};
  std::map<std::string, int> own_listeners;
  std::vector<std::string> stray;
  int status = 0;
  while (::waitpid(launcher, &status, WNOHANG) == 0) {
    for (const auto& [ns, address] : own)
      for (pid_t pid : lnctrain_pids_in(ns))
        for (const auto& l : listeners_of(pid)) {
          if (l.address == address) ++own_listeners[ns];
          else if (l.port < 20000 || l.port >= 20100)
            stray.push_back(ns + " pid " + std::to_string(pid) + ": " + l.address + ":" + std::to_string(l.port));
        }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const std::string output = read_text(log);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output;
  EXPECT_GT(own_listeners[nodes.a], 0) << "no listener on 10.231.7.1 seen on node A";
  EXPECT_GT(own_listeners[nodes.b], 0) << "no listener on 10.231.7.2 seen on node B";
  EXPECT_TRUE(stray.empty()) << [&] {
    std::string s;
    for (const auto& x : stray) s += x + "\n";
    return s;
  }();

  // The same results as on one node, the data-parallel point on both nodes' ranks.
  EXPECT_EQ(test_metrics_by_hash(dir + "/two.sqlite"), test_metrics_by_hash(dir + "/one.sqlite"));
  results::ResultsStore store(dir + "/two.sqlite", true);
  std::set<std::string> ranks;
  for (const auto& r : store.runs()) {
    EXPECT_EQ(r.status, "done") << r.error;
    ranks.insert(r.ranks);
  }
  EXPECT_TRUE(ranks.count("0-1")) << output;
  EXPECT_EQ(test_metrics_by_hash(dir + "/two.sqlite").size(), 2u);
}

}  // namespace
}  // namespace lnc
