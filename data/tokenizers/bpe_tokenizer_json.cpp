// Reading a Hugging Face tokenizer.json into a BpeTokenizer (what is supported: see bpe_tokenizer.h).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "base/sha256.h"
#include "data/tokenizers/bpe_tokenizer.h"

namespace lnc::data {

namespace {

using json = nlohmann::json;

[[noreturn]] void unsupported(const std::string& path, const std::string& key, const std::string& what) {
  throw InputError(path, 0, key, what + " is not supported (lnctrain reproduces DNABERT-2's BPE tokenizer.json)");
}

const json& member(const json& j, const char* name, const std::string& path, const std::string& key) {
  if (!j.is_object() || !j.contains(name)) throw InputError(path, 0, key, std::string("missing '") + name + "'");
  return j.at(name);
}

bool is_null_or_false(const json& j, const char* name) {
  return !j.contains(name) || j.at(name).is_null() || (j.at(name).is_boolean() && !j.at(name).get<bool>());
}

std::pair<std::string, std::string> merge_pair(const json& m, const std::string& path, const std::string& key) {
  if (m.is_string()) {  // legacy "A B" (split at the first space, as tokenizers does)
    const auto s = m.get<std::string>();
    const auto space = s.find(' ');
    if (space == std::string::npos) throw InputError(path, 0, key, "merge '" + s + "' is not two tokens 'A B'");
    return {s.substr(0, space), s.substr(space + 1)};
  }
  if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string())
    return {m[0].get<std::string>(), m[1].get<std::string>()};
  throw InputError(path, 0, key, "a merge must be \"A B\" or [\"A\", \"B\"]");
}

}  // namespace

std::unique_ptr<BpeTokenizer> BpeTokenizer::from_tokenizer_json(const std::string& path) {
  json root;
  const std::string text = read_file(path);
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {
    throw InputError(path, 0, "", std::string("not valid JSON: ") + e.what());
  }
  auto tok = std::unique_ptr<BpeTokenizer>(new BpeTokenizer());
  tok->sha256_ = sha256_hex(text);
  try {
    if (!root.is_object()) throw InputError(path, 0, "", "tokenizer.json must be a JSON object");
    if (!is_null_or_false(root, "normalizer")) unsupported(path, "normalizer", "a normalizer");
    const json& pre = member(root, "pre_tokenizer", path, "pre_tokenizer");
    if (!pre.is_object() || pre.value("type", "") != "Whitespace")
      unsupported(path, "pre_tokenizer", "pre_tokenizer " + pre.dump());

    // Model: vocab, unk, merges.
    const json& model = member(root, "model", path, "model");
    if (model.value("type", "BPE") != "BPE") unsupported(path, "model.type", "model type " + model.value("type", ""));
    for (const char* k : {"dropout", "continuing_subword_prefix", "end_of_word_suffix", "byte_fallback"})
      if (!is_null_or_false(model, k)) unsupported(path, std::string("model.") + k, std::string("model.") + k);
    tok->fuse_unk_ = model.value("fuse_unk", false);
    tok->ignore_merges_ = model.value("ignore_merges", false);
    const json& vocab = member(model, "vocab", path, "model.vocab");
    if (!vocab.is_object() || vocab.empty()) throw InputError(path, 0, "model.vocab", "must be a non-empty object");
    std::int32_t max_id = -1;
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
      if (!it.value().is_number_integer() || it.value().get<std::int64_t>() < 0)
        throw InputError(path, 0, "model.vocab." + it.key(), "id must be a non-negative integer");
      const auto id = it.value().get<std::int32_t>();
      tok->vocab_[it.key()] = id;
      max_id = std::max(max_id, id);
    }

    // Added tokens (ids may extend the vocabulary).
    const json added = root.value("added_tokens", json::array());
    for (std::size_t i = 0; i < added.size(); ++i) {
      const json& a = added[i];
      const std::string key = "added_tokens[" + std::to_string(i) + "]";
      for (const char* k : {"lstrip", "rstrip", "single_word"})
        if (!is_null_or_false(a, k)) unsupported(path, key + "." + k, std::string("an added token with ") + k);
      AddedToken t{member(a, "content", path, key).get<std::string>(), member(a, "id", path, key).get<std::int32_t>()};
      if (t.content.empty()) throw InputError(path, 0, key, "empty added token");
      max_id = std::max(max_id, t.id);
      (a.value("normalized", true) ? tok->added_normalized_ : tok->added_raw_).push_back(t);
    }
    // The id -> token table is dense; ids far beyond the number of tokens (a fuzz finding: one id of 1.5e9 asked
    // for a 48 GB table) are refused. Real tokenizers number their tokens 0..n-1, added tokens just above.
    const std::size_t entries = tok->vocab_.size() + tok->added_raw_.size() + tok->added_normalized_.size();
    if (max_id >= 0 && static_cast<std::size_t>(max_id) >= 2 * entries + 1024)
      throw InputError(path, 0, "model.vocab", "token id " + std::to_string(max_id) + " is far beyond the " +
                                                   std::to_string(entries) + " tokens (ids must be numbered densely)");
    tok->tokens_.assign(static_cast<std::size_t>(max_id) + 1, "");
    for (const auto& [token, id] : tok->vocab_) tok->tokens_[static_cast<std::size_t>(id)] = token;
    for (const auto* list : {&tok->added_raw_, &tok->added_normalized_})
      for (const auto& t : *list) tok->tokens_[static_cast<std::size_t>(t.id)] = t.content;
    std::fill(std::begin(tok->ascii_id_), std::end(tok->ascii_id_), -1);
    for (int c = 0; c < 128; ++c) tok->ascii_id_[c] = tok->id_of(std::string(1, static_cast<char>(c)));

    if (model.contains("unk_token") && !model.at("unk_token").is_null()) {
      const auto unk = model.at("unk_token").get<std::string>();
      auto it = tok->vocab_.find(unk);
      if (it == tok->vocab_.end()) throw InputError(path, 0, "model.unk_token", "'" + unk + "' is not in model.vocab");
      tok->unk_ = it->second;
    }

    const json& merges = member(model, "merges", path, "model.merges");
    tok->merges_.reserve(merges.size());
    auto& pair_of_rank = tok->pair_of_rank_;
    for (std::size_t rank = 0; rank < merges.size(); ++rank) {
      const std::string key = "model.merges[" + std::to_string(rank) + "]";
      const auto [a, b] = merge_pair(merges[rank], path, key);
      auto ia = tok->vocab_.find(a), ib = tok->vocab_.find(b), inew = tok->vocab_.find(a + b);
      if (ia == tok->vocab_.end() || ib == tok->vocab_.end() || inew == tok->vocab_.end())
        throw InputError(path, 0, key, "merge '" + a + " " + b + "' uses a token missing from model.vocab");
      tok->merges_.set(ia->second, ib->second, {static_cast<std::int32_t>(rank), inew->second});
      tok->new_id_of_rank_.push_back(inew->second);
      pair_of_rank.emplace_back(ia->second, ib->second);
    }
    // Rank-monotone: every surviving merge that uses a token as a part ranks after every merge creating it.
    std::vector<std::int32_t> first_use(tok->tokens_.size(), std::numeric_limits<std::int32_t>::max());
    for (std::size_t r = 0; r < pair_of_rank.size(); ++r) {
      const auto [a, b] = pair_of_rank[r];
      if (tok->merges_.find(a, b).rank != static_cast<std::int32_t>(r)) continue;  // overwritten duplicate
      for (auto part : {a, b}) first_use[static_cast<size_t>(part)] = std::min(first_use[static_cast<size_t>(part)], static_cast<std::int32_t>(r));
    }
    tok->rank_monotone_ = true;
    for (std::size_t r = 0; r < pair_of_rank.size(); ++r)
      if (tok->merges_.find(pair_of_rank[r].first, pair_of_rank[r].second).rank == static_cast<std::int32_t>(r) &&
          first_use[static_cast<size_t>(tok->new_id_of_rank_[r])] <= static_cast<std::int32_t>(r))
        tok->rank_monotone_ = false;

    // Post-processor: the single-sequence template.
    const json& post = member(root, "post_processor", path, "post_processor");
    if (post.is_null()) {
      tok->single_template_.push_back({true, {}});
    } else {
      if (post.value("type", "") != "TemplateProcessing")
        unsupported(path, "post_processor", "post_processor " + post.value("type", std::string("?")));
      const json& specials = member(post, "special_tokens", path, "post_processor.special_tokens");
      for (const json& piece : member(post, "single", path, "post_processor.single")) {
        if (piece.contains("Sequence")) {
          if (piece["Sequence"].value("id", "") != "A")
            throw InputError(path, 0, "post_processor.single", "a single-sequence template can only use $A");
          tok->single_template_.push_back({true, {}});
        } else if (piece.contains("SpecialToken")) {
          const auto name = piece["SpecialToken"].value("id", "");
          const json& special = member(specials, name.c_str(), path, "post_processor.special_tokens");
          tok->single_template_.push_back({false, member(special, "ids", path, "post_processor.special_tokens." + name)
                                                      .get<std::vector<std::int32_t>>()});
        } else {
          throw InputError(path, 0, "post_processor.single", "unknown template piece " + piece.dump());
        }
      }
    }
  } catch (const json::exception& e) {  // a value of the wrong JSON type somewhere
    throw InputError(path, 0, "", std::string("unexpected tokenizer.json structure: ") + e.what());
  }

  tok->pad_ = tok->id_of("[PAD]");
  if (tok->pad_ < 0 && root.contains("padding") && root["padding"].is_object())
    tok->pad_ = root["padding"].value("pad_id", -1);
  if (tok->pad_ < 0) throw InputError(path, 0, "", "no [PAD] token and no padding.pad_id");
  return tok;
}

}  // namespace lnc::data
