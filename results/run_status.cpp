#include "results/run_status.h"

#include <stdexcept>

namespace lnc::results {
namespace {

struct Name {
  RunStatus status;
  const char* text;
};
constexpr Name kNames[] = {{RunStatus::queued, "queued"},
                           {RunStatus::running, "running"},
                           {RunStatus::done, "done"},
                           {RunStatus::failed, "failed"},
                           {RunStatus::interrupted, "interrupted"}};

}  // namespace

const char* status_text(RunStatus status) {
  for (const auto& n : kNames)
    if (n.status == status) return n.text;
  throw std::invalid_argument("status_text: not a RunStatus");
}

RunStatus parse_run_status(const std::string& text) {
  for (const auto& n : kNames)
    if (text == n.text) return n.status;
  throw std::invalid_argument("not a run status: \"" + text + "\" (queued, running, done, failed or interrupted)");
}

}  // namespace lnc::results
