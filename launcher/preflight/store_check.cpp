#include "launcher/preflight/store_check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/input_error.h"
#include "results/store/results_store.h"

namespace lnc::launcher {

std::string directory_write_problem(const std::string& dir) {
  std::string existing = dir.empty() ? "." : dir;
  struct stat st {};
  while (::stat(existing.c_str(), &st) != 0) {
    const size_t slash = existing.find_last_of('/');
    existing = slash == std::string::npos ? "." : slash == 0 ? "/" : existing.substr(0, slash);
  }
  if (!S_ISDIR(st.st_mode)) return existing + " is not a directory";
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  const std::string probe = existing + "/.lnctrain-preflight-" + host + "-" + std::to_string(::getpid());
  const int fd = ::open(probe.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) return "cannot create a file in " + existing + ": " + std::strerror(errno);
  ::close(fd);
  ::unlink(probe.c_str());
  return "";
}

void check_store(const std::string& store, std::vector<PointIssue>& issues) {
  struct stat st {};
  const size_t slash = store.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : store.substr(0, slash);
  if (const auto problem = directory_write_problem(dir); !problem.empty())
    issues.push_back({"job.store", "the results store " + store + " cannot be written: " + problem});
  if (::stat(store.c_str(), &st) != 0) return;  // created by the first grid
  try {
    results::ResultsStore opened(store, true);
  } catch (const InputError& e) {
    issues.push_back({"job.store", e.what()});
    return;
  }
  const int fd = ::open(store.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    issues.push_back({"job.store", "the results store " + store + " cannot be opened for writing: " + std::strerror(errno)});
    return;
  }
  ::close(fd);
}

}  // namespace lnc::launcher
