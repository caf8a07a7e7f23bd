#pragma once
// The token file a stored run trained on: data.tokens of its identity text (config/run_identity.h: as the grid
// wrote it, {task} etc. filled in, ${ENV} not expanded), with ${ENV} expanded now; relative paths are relative to
// the directory lnctrain is started in, as when it trained. InputError naming the store when the text has none.
#include <string>

#include "results/store/results_store.h"

namespace lnc::launcher {

std::string run_token_file(const results::RunRecord& run, const std::string& store_path);

}  // namespace lnc::launcher
