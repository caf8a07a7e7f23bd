#include "data/tokenizers/vocab_file.h"

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "base/line_reader.h"
#include "base/sha256.h"

namespace lnc::data {

VocabFile VocabFile::load(const std::string& path) {
  VocabFile v;
  LineReader reader(path);
  std::string line;
  while (reader.next(line)) {
    if (v.ids.count(line)) throw InputError(path, reader.line_number(), "", "duplicate token '" + line + "'");
    v.ids.emplace(line, static_cast<std::int32_t>(v.tokens.size()));
    v.tokens.push_back(line);
  }
  if (v.tokens.empty()) throw InputError(path, 0, "", "vocabulary file is empty");
  v.sha256 = sha256_file_hex(path);
  return v;
}

std::int32_t VocabFile::id_of(const std::string& token, const std::string& path_for_errors) const {
  auto it = ids.find(token);
  if (it == ids.end()) throw InputError(path_for_errors, 0, "", "vocabulary lacks the token '" + token + "'");
  return it->second;
}

}  // namespace lnc::data
