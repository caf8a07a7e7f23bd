#pragma once
// A vocab.txt as Hugging Face BERT tokenizers read it: one token per line, id = 0-based line index.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace lnc::data {

struct VocabFile {
  std::vector<std::string> tokens;
  std::unordered_map<std::string, std::int32_t> ids;
  std::string sha256;

  static VocabFile load(const std::string& path);  // throws InputError on duplicates / empty file
  std::int32_t id_of(const std::string& token, const std::string& path_for_errors) const;  // must exist
};

}  // namespace lnc::data
