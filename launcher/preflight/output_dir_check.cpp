#include "launcher/preflight/output_dir_check.h"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <cstdio>

#include "launcher/preflight/store_check.h"

namespace lnc::launcher {
namespace {

std::string mib(std::int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

}  // namespace

std::int64_t free_bytes(const std::string& dir) {
  std::string existing = dir.empty() ? "." : dir;
  struct stat st {};
  while (::stat(existing.c_str(), &st) != 0) {
    const size_t slash = existing.find_last_of('/');
    existing = slash == std::string::npos ? "." : slash == 0 ? "/" : existing.substr(0, slash);
  }
  struct statvfs fs {};
  if (::statvfs(existing.c_str(), &fs) != 0) return -1;
  return static_cast<std::int64_t>(fs.f_bavail) * static_cast<std::int64_t>(fs.f_frsize);
}

void check_output_dir(const std::string& dir, std::int64_t required_bytes, std::vector<PointIssue>& issues) {
  if (const auto problem = directory_write_problem(dir); !problem.empty()) {
    issues.push_back({"job.output_dir", "the output directory " + dir + " cannot be written: " + problem});
    return;
  }
  const std::int64_t available = free_bytes(dir);
  if (available >= 0 && available < required_bytes)
    issues.push_back({"job.output_dir", "only " + mib(available) + " free for " + dir + "; the points this node may run "
                      "need up to " + mib(required_bytes) + " of checkpoints"});
}

}  // namespace lnc::launcher
