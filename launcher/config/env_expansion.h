#pragma once
// ${NAME} in path values of a config (data.tokens, model.pretrained, job.store, job.output_dir) is replaced by the
// environment variable NAME, so that one grid file serves every cluster (LNC_DATA, LNC_MODELS, ...).
// A variable that is not set is an error naming the file, line and key; "$$" stands for a literal '$'.
// Only the braced form is expanded: a bare $NAME is kept as written.
#include <string>

namespace lnc::config {

std::string expand_env(const std::string& value, const std::string& file, long line, const std::string& key);

}  // namespace lnc::config
