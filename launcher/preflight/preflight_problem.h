#pragma once
// One thing the pre-flight found wrong (launcher/preflight/preflight.h): which point (or the whole job), the
// config key at fault and what is wrong with it. Where it was found (host, rank) is added when the problems of
// every node are gathered.
#include <string>
#include <vector>

namespace lnc::launcher {

struct PointIssue {
  std::string key;      // dotted config key ("data.tokens", "model.pretrained", "job.output_dir")
  std::string message;  // what is wrong, naming the file
};

}  // namespace lnc::launcher
