#pragma once
// Reads the reference cases of tests/fixtures/tokenizers/*/cases.json (see the README there): one sequence, the
// upstream token ids, or the error upstream raised. Batch cases hold several sequences and padded ids.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "tests/unit/test_paths.h"

namespace lnc::test_cases {

struct TokenizerCase {
  std::string tokenizer;  // e.g. "dnabert_6mer", "nt_v2_6mer", "dnabert2_bpe"
  std::string name;
  std::vector<std::string> sequences;             // one, or several for a batch case
  std::vector<std::vector<std::int32_t>> ids;     // per sequence; empty when upstream raised
  std::string error;                              // upstream's exception text, or ""
};

inline std::vector<TokenizerCase> load_tokenizer_cases(const std::string& relative_path) {
  std::ifstream in(test_paths::source(relative_path));
  if (!in) throw std::runtime_error("cannot open " + relative_path);
  const auto root = nlohmann::json::parse(in);
  std::vector<TokenizerCase> cases;
  for (const auto& c : root.at("cases")) {
    TokenizerCase t;
    t.tokenizer = c.at("tokenizer").get<std::string>();
    t.name = c.at("name").get<std::string>();
    if (c.contains("error") && !c["error"].is_null()) t.error = c["error"].get<std::string>();
    if (c.contains("sequences")) {
      t.sequences = c["sequences"].get<std::vector<std::string>>();
      if (!c["ids"].is_null()) t.ids = c["ids"].get<std::vector<std::vector<std::int32_t>>>();
    } else {
      t.sequences = {c.at("sequence").get<std::string>()};
      if (!c["ids"].is_null()) t.ids = {c["ids"].get<std::vector<std::int32_t>>()};
    }
    cases.push_back(std::move(t));
  }
  return cases;
}

}  // namespace lnc::test_cases
