#pragma once
// The status of a grid point, and its text: the one place where enum and text meet. The text is what the results
// store holds in runs.status (results/store/results_store.h: 'queued', 'running', 'done', 'failed'; those values
// must never change, old stores hold them) and what a grid result message carries (launcher/grid/grid_messages.h).
// `interrupted` is a result only, never stored: the coordinator puts an interrupted run back to 'queued'.
#include <string>

namespace lnc::results {

enum class RunStatus { queued, running, done, failed, interrupted };

const char* status_text(RunStatus status);
// The inverse; throws std::invalid_argument naming the text when it is none of the five.
RunStatus parse_run_status(const std::string& text);

}  // namespace lnc::results
