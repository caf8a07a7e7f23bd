#include "launcher/preflight/point_checks.h"

#include <exception>

#include "launcher/preflight/context_fit.h"
#include "launcher/preflight/pretrained_check.h"
#include "launcher/preflight/token_file_check.h"

namespace lnc::launcher {

const std::vector<NamedPointCheck>& point_checks() {
  static const std::vector<NamedPointCheck> checks = {
      {"token file", check_point_token_file},
      {"pretrained model", check_point_pretrained},
      {"context fit", check_point_context_fit},
  };
  return checks;
}

std::vector<PointIssue> check_point(const config::RunConfig& run) {
  std::vector<PointIssue> issues;
  for (const auto& c : point_checks()) {
    try {
      c.check(run, issues);
    } catch (const std::exception& e) {
      issues.push_back({c.name, std::string("the check failed: ") + e.what()});
    }
  }
  return issues;
}

}  // namespace lnc::launcher
