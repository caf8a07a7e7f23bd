#pragma once
// Encodes many sequences on several threads. Tokenizer::encode is const and thread-safe (tokenizer.h), so the
// threads share one tokenizer; results keep the input order and do not depend on the thread count.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "data/tokenizers/tokenizer.h"

namespace lnc::data {

// threads <= 0: one per hardware thread. If any sequence fails, throws InputError for the failing sequence with
// the lowest index: "<where(index)>: <the tokenizer's message>" (where() names e.g. the input file and line).
std::vector<Encoding> encode_batch(const Tokenizer& tokenizer, const std::vector<std::string_view>& sequences,
                                   int threads, const std::function<std::string(std::size_t)>& where);

}  // namespace lnc::data
