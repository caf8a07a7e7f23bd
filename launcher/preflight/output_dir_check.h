#pragma once
// Pre-flight check, on every node (its first local rank): the output directory ([job] output_dir, where each
// run's checkpoints and log go) accepts new files, and its file system has at least `required_bytes` free: the
// planned checkpoint bytes (launcher/preflight/checkpoint_bytes.h) of the points the node's rank groups may hold
// at once (launcher/preflight/preflight.h says how that is counted).
#include <cstdint>
#include <string>
#include <vector>

#include "launcher/preflight/preflight_problem.h"

namespace lnc::launcher {

void check_output_dir(const std::string& dir, std::int64_t required_bytes, std::vector<PointIssue>& issues);

// Bytes available to an unprivileged writer on the file system of `dir` (or its nearest existing parent).
std::int64_t free_bytes(const std::string& dir);

}  // namespace lnc::launcher
