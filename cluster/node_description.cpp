#include "cluster/node_description.h"

#include <dirent.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <vector>

#include "cluster/mpi_call.h"

namespace lnc::cluster {
namespace {

std::string trimmed(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The value after "key:" of the first line starting with `key` in `path`; "" when absent.
std::string field(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return trimmed(line.substr(colon + 1));
    }
  return "";
}

std::string gpu_model(int index) {
  const std::string root = "/proc/driver/nvidia/gpus";
  std::vector<std::string> pci;
  if (DIR* d = ::opendir(root.c_str())) {
    while (dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') pci.push_back(e->d_name);
    ::closedir(d);
  }
  std::sort(pci.begin(), pci.end());
  if (pci.empty()) return "";
  const std::size_t i = index >= 0 && static_cast<std::size_t>(index) < pci.size() ? static_cast<std::size_t>(index) : 0;
  return field(root + "/" + pci[i] + "/information", "Model");
}

std::string rank_range(int first, int last) {
  return first == last ? "rank " + std::to_string(first) : "ranks " + std::to_string(first) + "-" + std::to_string(last);
}

}  // namespace

std::string device_name(const DeviceChoice& device) {
  std::string name = device.cuda ? gpu_model(device.cuda_index) : field("/proc/cpuinfo", "model name");
  return (name.empty() ? "unknown" : name) + " (" + device.device + ")";
}

std::string mpi_library_version() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int length = 0;
  check_mpi(MPI_Get_library_version(text, &length), "MPI_Get_library_version");
  std::string s(text, static_cast<std::size_t>(std::max(0, length)));
  const auto nl = s.find_first_of("\r\n");
  return trimmed(nl == std::string::npos ? s : s.substr(0, nl));
}

std::string rank_hosts(MPI_Comm comm) {
  int size = 1;
  check_mpi(MPI_Comm_size(comm, &size), "MPI_Comm_size");
  char name[MPI_MAX_PROCESSOR_NAME] = {};
  int length = 0;
  check_mpi(MPI_Get_processor_name(name, &length), "MPI_Get_processor_name");
  std::vector<char> all(static_cast<std::size_t>(size) * MPI_MAX_PROCESSOR_NAME, '\0');
  check_mpi(MPI_Allgather(name, MPI_MAX_PROCESSOR_NAME, MPI_CHAR, all.data(), MPI_MAX_PROCESSOR_NAME, MPI_CHAR, comm),
            "MPI_Allgather");
  std::vector<std::string> hosts(static_cast<std::size_t>(size));
  for (int r = 0; r < size; ++r) {
    const char* p = all.data() + static_cast<std::size_t>(r) * MPI_MAX_PROCESSOR_NAME;
    hosts[static_cast<std::size_t>(r)] = std::string(p, strnlen(p, MPI_MAX_PROCESSOR_NAME));
  }
  // Consecutive ranks of one host form one range (mpirun fills hosts in order by default).
  std::string out;
  for (int r = 0; r < size;) {
    int last = r;
    while (last + 1 < size && hosts[static_cast<std::size_t>(last + 1)] == hosts[static_cast<std::size_t>(r)]) ++last;
    out += (out.empty() ? "" : ", ") + hosts[static_cast<std::size_t>(r)] + " (" + rank_range(r, last) + ")";
    r = last + 1;
  }
  const bool one_host = std::all_of(hosts.begin(), hosts.end(), [&](const std::string& h) { return h == hosts[0]; });
  return one_host ? hosts[0] : out;
}

}  // namespace lnc::cluster
