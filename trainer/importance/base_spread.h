#pragma once
// Token scores onto bases for the attribution methods whose token scores add up (integrated gradients): each
// token's score is split evenly over the bases it covers (score / span length to each), so the per-base values sum
// to the token values and IG's completeness holds per base too. Attention keeps DNABERT's mean over covering
// tokens (attention_importance.h), which is a recipe, not a sum. The mapping is the token -> base spans of an
// Encoding (data/tokenizers/tokenizer.h), whatever produced them (one window, or a chunk of a longer one whose
// spans point into the full window); special tokens (span -1) and padding past the encoding carry nothing.
#include <cstddef>
#include <vector>

#include "data/tokenizers/tokenizer.h"

namespace lnc::trainer {

// token_scores[t] for t < encoding.ids.size() (more entries are padding and ignored); adds into `bases`
// (num_bases long). Throws std::invalid_argument if a span leaves [0, bases.size()) or scores are too few.
void spread_over_bases(const std::vector<double>& token_scores, const data::Encoding& encoding,
                       std::vector<double>& bases);

}  // namespace lnc::trainer
