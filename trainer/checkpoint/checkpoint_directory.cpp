#include "trainer/checkpoint/checkpoint_directory.h"

#include <dirent.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "base/remove_tree.h"

namespace lnc::trainer {
namespace {

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

// All step-<N> directories (complete or not), ascending.
std::vector<std::int64_t> all_steps(const std::string& checkpoint_dir) {
  std::vector<std::int64_t> steps;
  DIR* d = ::opendir(checkpoint_dir.c_str());
  if (!d) return steps;
  while (dirent* e = ::readdir(d)) {
    long long n = -1;
    char tail = 0;
    if (std::sscanf(e->d_name, "step-%lld%c", &n, &tail) == 1 && n >= 0) steps.push_back(n);
  }
  ::closedir(d);
  std::sort(steps.begin(), steps.end());
  return steps;
}

}  // namespace

std::string checkpoint_step_dir(const std::string& checkpoint_dir, std::int64_t step) {
  return checkpoint_dir + "/step-" + std::to_string(step);
}

std::string checkpoint_rank_file(const std::string& step_dir, int rank) {
  return step_dir + "/rank-" + std::to_string(rank) + ".pt";
}

std::vector<std::int64_t> complete_checkpoint_steps(const std::string& checkpoint_dir) {
  std::vector<std::int64_t> out;
  for (auto s : all_steps(checkpoint_dir))
    if (exists(checkpoint_step_dir(checkpoint_dir, s) + "/DONE")) out.push_back(s);
  return out;
}

std::optional<std::int64_t> newest_complete_checkpoint(const std::string& checkpoint_dir) {
  auto steps = complete_checkpoint_steps(checkpoint_dir);
  if (steps.empty()) return std::nullopt;
  return steps.back();
}

void prune_checkpoints(const std::string& checkpoint_dir, int keep) {
  const auto complete = complete_checkpoint_steps(checkpoint_dir);
  if (complete.empty()) return;
  const std::int64_t newest = complete.back();
  const std::int64_t oldest_kept =
      complete.size() > static_cast<size_t>(keep) ? complete[complete.size() - static_cast<size_t>(keep)] : complete.front();
  for (auto s : all_steps(checkpoint_dir)) {
    const bool is_complete = std::binary_search(complete.begin(), complete.end(), s);
    if ((is_complete && s < oldest_kept) || (!is_complete && s < newest))
      remove_tree(checkpoint_step_dir(checkpoint_dir, s));
  }
}

}  // namespace lnc::trainer
