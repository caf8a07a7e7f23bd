#include "data/tokenizers/bpe_tokenizer.h"

#include <algorithm>

#include "data/tokenizers/bpe_word.h"

namespace lnc::data {

namespace {

// ---- character classes of Rust regex \w and \s (Unicode mode) ----------------------------------------------

std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  return std::min(len, s.size() - i);
}

std::uint32_t code_point(std::string_view s, std::size_t i, std::size_t len) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (len == 1) return b;
  std::uint32_t cp = b & (0xFFu >> (len + 1));
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  return cp;
}

bool is_space(std::uint32_t c) {  // Unicode White_Space
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_word(std::uint32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  return !is_space(c);  // see the header: non-ASCII counts as a word character
}

}  // namespace

std::int32_t BpeTokenizer::id_of(const std::string& token) const {
  auto it = vocab_.find(token);
  if (it != vocab_.end()) return it->second;
  for (const auto* list : {&added_raw_, &added_normalized_})
    for (const auto& t : *list)
      if (t.content == token) return t.id;
  return -1;
}

std::string BpeTokenizer::token(std::int32_t id) const {
  return id >= 0 && static_cast<std::size_t>(id) < tokens_.size() ? tokens_[static_cast<std::size_t>(id)] : "";
}

// ---- encoding -----------------------------------------------------------------------------------------------

void BpeTokenizer::encode_word(std::string_view word, std::int32_t offset, Encoding& out) const {
  if (ignore_merges_) {
    auto it = vocab_.find(std::string(word));
    if (it != vocab_.end()) {
      out.push(it->second, offset, offset + static_cast<std::int32_t>(word.size()));
      return;
    }
  }
  thread_local BpeWord w;
  w.clear();
  std::int32_t pending_unk_begin = -1, pending_unk_end = -1;  // the unk not yet added (fuse_unk extends it)
  auto flush_unk = [&] {
    if (pending_unk_begin >= 0) w.add(unk_, pending_unk_begin, pending_unk_end);
    pending_unk_begin = -1;
  };
  for (std::size_t i = 0; i < word.size();) {
    const std::size_t len = utf8_length(word, i);
    const auto b = static_cast<unsigned char>(word[i]);
    std::int32_t id = -1;
    if (len == 1 && b < 0x80) {
      id = ascii_id_[b];
    } else {
      auto it = vocab_.find(std::string(word.substr(i, len)));
      if (it != vocab_.end()) id = it->second;
    }
    const auto begin = offset + static_cast<std::int32_t>(i), end = begin + static_cast<std::int32_t>(len);
    if (id >= 0) {
      flush_unk();
      w.add(id, begin, end);
    } else if (unk_ >= 0) {
      if (pending_unk_begin >= 0 && fuse_unk_) {
        pending_unk_end = end;
      } else {
        flush_unk();
        pending_unk_begin = begin;
        pending_unk_end = end;
      }
    }
    i += len;
  }
  flush_unk();
  if (rank_monotone_)
    w.merge_all_by_rank(merges_, new_id_of_rank_, pair_of_rank_);
  else
    w.merge_all(merges_, new_id_of_rank_);
  w.for_each_symbol([&](const BpeWord::Symbol& s) { out.push(s.id, s.begin, s.end); });
}

void BpeTokenizer::encode_model_text(std::string_view text, std::int32_t offset, Encoding& out) const {
  // Whitespace pre-tokenizer: maximal runs of word characters, or of characters that are neither word nor space.
  std::size_t i = 0;
  int run_class = -1;  // 0: \w run, 1: [^\w\s] run
  std::size_t run_begin = 0;
  auto close_run = [&](std::size_t end) {
    if (run_class >= 0) encode_word(text.substr(run_begin, end - run_begin), offset + static_cast<std::int32_t>(run_begin), out);
    run_class = -1;
  };
  while (i < text.size()) {
    const std::size_t len = utf8_length(text, i);
    const std::uint32_t c = code_point(text, i, len);
    const int cls = is_word(c) ? 0 : is_space(c) ? 2 : 1;
    if (cls != run_class) {
      close_run(i);
      if (cls != 2) {
        run_class = cls;
        run_begin = i;
      }
    }
    i += len;
  }
  close_run(text.size());
}

namespace {

// Cuts [begin, end) of s at leftmost-longest occurrences of `tokens` (tokenizers' AddedVocabulary uses
// Aho-Corasick with MatchKind::LeftmostLongest): on_text(begin, end) for the gaps, on_token(id, begin, end).
template <class Token, class OnText, class OnToken>
void split_on(std::string_view s, std::size_t begin, std::size_t end, const std::vector<Token>& tokens,
              OnText&& on_text, OnToken&& on_token) {
  std::size_t gap = begin;
  for (std::size_t pos = begin; pos < end;) {
    const Token* best = nullptr;
    for (const auto& t : tokens)
      if (s[pos] == t.content[0] && t.content.size() <= end - pos && s.compare(pos, t.content.size(), t.content) == 0 &&
          (!best || t.content.size() > best->content.size()))
        best = &t;
    if (!best) {
      ++pos;
      continue;
    }
    if (gap < pos) on_text(gap, pos);
    on_token(best->id, pos, pos + best->content.size());
    pos += best->content.size();
    gap = pos;
  }
  if (gap < end) on_text(gap, end);
}

}  // namespace

Encoding BpeTokenizer::encode(std::string_view sequence) const {
  Encoding out;
  out.ids.reserve(sequence.size() / 4 + 8);  // DNABERT-2 averages ~4.7 bases per token
  out.base_begin.reserve(out.ids.capacity());
  out.base_end.reserve(out.ids.capacity());
  auto add_token = [&](std::int32_t id, std::size_t b, std::size_t e) {
    out.push(id, static_cast<std::int32_t>(b), static_cast<std::int32_t>(e));
  };
  auto model_text = [&](std::size_t b, std::size_t e) {
    encode_model_text(sequence.substr(b, e - b), static_cast<std::int32_t>(b), out);
  };
  for (const auto& piece : single_template_) {
    if (!piece.is_sequence) {
      for (auto id : piece.special_ids) out.push(id, -1, -1);
      continue;
    }
    // Raw-matched added tokens first, then normalized ones inside the remaining text (as AddedVocabulary does).
    split_on(sequence, 0, sequence.size(), added_raw_,
             [&](std::size_t b, std::size_t e) { split_on(sequence, b, e, added_normalized_, model_text, add_token); },
             add_token);
  }
  return out;
}

}  // namespace lnc::data
