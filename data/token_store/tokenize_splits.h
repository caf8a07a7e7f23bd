#pragma once
#include <vector>

#include "data/datasets/csv_splits.h"
#include "data/token_store/token_store.h"
#include "data/tokenizers/tokenizer.h"

namespace lnc::data {

// Tokenizes every split; base spans are kept for the test split (attention importance is reported on test).
std::vector<TokenizedSplit> tokenize_splits(const Tokenizer& tokenizer, const std::vector<SplitExamples>& splits);

}  // namespace lnc::data
