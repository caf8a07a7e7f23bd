#pragma once
// The token file checked against a point's config; no torch, so the pre-flight (launcher/preflight/) runs it
// on every node before any point starts, and the run itself runs it again when it opens the file.
#include "config/run_config.h"

namespace lnc::data {
class TokenStoreReader;
}

namespace lnc::trainer {

// The token file has train, dev and test splits and was made with the config's tokenizer and k; the train split
// has at least two classes. Returns the number of labels (1 + the largest train label). InputError otherwise.
int check_token_file(const config::RunConfig& config, const data::TokenStoreReader& reader);

}  // namespace lnc::trainer
