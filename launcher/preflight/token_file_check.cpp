#include "launcher/preflight/token_file_check.h"

#include <sys/stat.h>

#include "base/input_error.h"
#include "data/token_store/token_store.h"
#include "trainer/training/token_file_check.h"

namespace lnc::launcher {

void check_point_token_file(const config::RunConfig& run, std::vector<PointIssue>& issues) {
  const std::string& path = run.data.tokens;
  struct stat st {};
  if (path.empty()) {
    issues.push_back({"data.tokens", "no token file given"});
    return;
  }
  if (::stat(path.c_str(), &st) != 0) {
    issues.push_back({"data.tokens", "token file " + path + " does not exist (run `lnctrain prepare` for it)"});
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    issues.push_back({"data.tokens", path + " is a directory, not a token file"});
    return;
  }
  try {
    data::TokenStoreReader reader(path);
    if (!run.model.is_baseline()) {
      trainer::check_token_file(run, reader);
      return;
    }
    // The TF-IDF baseline reads the bases, whatever the file's tokenizer.
    for (const char* split : {"train", "dev", "test"})
      if (!reader.has_split(split)) issues.push_back({"data.tokens", "token file " + path + " lacks the " + split + " split"});
  } catch (const InputError& e) {
    issues.push_back({"data.tokens", e.what()});
  }
}

}  // namespace lnc::launcher
