#include "launcher/grid/attempt_limit.h"

#include <deque>
#include <fstream>

#include "trainer/checkpoint/checkpoint_directory.h"

namespace lnc::launcher {

std::string run_directory(const config::RunConfig& run) {
  return run.job.output_dir + "/" + run.config_hash.substr(0, 16);
}

bool attempts_exhausted(const std::string& status, std::int64_t attempts, std::int64_t max_attempts) {
  return status == "running" && attempts >= max_attempts;
}

std::string died_error_text(std::int64_t deaths, const std::string& run_dir, int log_lines) {
  const auto step = trainer::newest_complete_checkpoint(run_dir + "/checkpoint");
  std::string text = "died " + std::to_string(deaths) + " times at step " + std::to_string(step.value_or(0));
  std::ifstream log(run_dir + "/log.txt");
  std::deque<std::string> last;
  for (std::string line; std::getline(log, line);) {
    last.push_back(line);
    if (static_cast<int>(last.size()) > log_lines) last.pop_front();
  }
  if (!last.empty()) text += "; last lines of " + run_dir + "/log.txt:";
  for (const auto& line : last) text += "\n  " + line;
  return text;
}

}  // namespace lnc::launcher
