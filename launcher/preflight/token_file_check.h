#pragma once
// Pre-flight check: the point's token file (data.tokens) exists, is a file, opens as a token store and was made
// with the tokenizer and k the point asks for, with train/dev/test splits (trainer/training/token_file_check.h,
// what the run itself checks when it starts).
#include <vector>

#include "config/run_config.h"
#include "launcher/preflight/preflight_problem.h"

namespace lnc::launcher {

void check_point_token_file(const config::RunConfig& run, std::vector<PointIssue>& issues);

}  // namespace lnc::launcher
