#include "data/token_store/tokenize_splits.h"

namespace lnc::data {

std::vector<TokenizedSplit> tokenize_splits(const Tokenizer& tokenizer, const std::vector<SplitExamples>& splits) {
  std::vector<TokenizedSplit> out;
  for (const auto& split : splits) {
    TokenizedSplit t;
    t.name = split.name;
    t.source_file = split.source_file;
    t.source_sha256 = split.source_sha256;
    t.labels = split.labels;
    t.with_spans = split.name == "test";
    t.sequences = split.sequences;
    for (const auto& seq : split.sequences) {
      Encoding e = tokenizer.encode(seq);
      t.ids.push_back(std::move(e.ids));
      if (t.with_spans) {
        t.base_begin.push_back(std::move(e.base_begin));
        t.base_end.push_back(std::move(e.base_end));
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace lnc::data
