#pragma once
// Runs the built lnctrain (optionally under mpirun) from a test and returns its exit code and output.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/unit/test_paths.h"

namespace lnc::test_paths {

struct CommandOutcome {
  int exit_code = -1;
  std::string output;  // stdout + stderr
};

inline CommandOutcome run_command(const std::string& command) {
  CommandOutcome out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.output.append(buf, n);
  int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return out;
}

// mpirun as root on a small machine: allowed explicitly, oversubscription allowed, shared-memory/TCP transports.
inline std::string mpirun(int ranks) {
  setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  setenv("OMPI_MCA_btl", "self,vader,tcp", 0);
  setenv("OMPI_MCA_rmaps_base_oversubscribe", "1", 1);
  return "mpirun -np " + std::to_string(ranks) + " ";
}

inline std::string lnctrain(const std::string& args) { return lnctrain_exe() + " " + args; }

}  // namespace lnc::test_paths
