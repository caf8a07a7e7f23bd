#pragma once
// The merge rules of a BPE model as Hugging Face tokenizers holds them: (left id, right id) -> (rank, merged id),
// rank = position of the rule in tokenizer.json (a pair listed twice keeps its LAST position, as a Rust HashMap
// built by collect() does). Open addressing over a power-of-two table: the lookup is the hot loop of BPE.
#include <cstdint>
#include <vector>

namespace lnc::data {

class BpeMergeTable {
 public:
  struct Rule {
    std::int32_t rank = -1;  // -1: no rule for this pair
    std::int32_t new_id = -1;
  };

  void reserve(std::size_t rules) {
    std::size_t cap = 16;
    while (cap < rules * 4) cap <<= 1;  // load factor <= 1/4 keeps probe chains short
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
  }

  // Inserts or overwrites (later rules win, as in tokenizers' HashMap).
  void set(std::int32_t left, std::int32_t right, Rule rule) {
    if (slots_.empty() || (size_ + 1) * 4 > slots_.size()) grow();
    const std::uint64_t key = pack(left, right);
    std::size_t i = slot(key);
    while (slots_[i].key != kEmpty && slots_[i].key != key) i = (i + 1) & mask_;
    if (slots_[i].key == kEmpty) ++size_;
    slots_[i] = Slot{key, rule};
  }

  Rule find(std::int32_t left, std::int32_t right) const {
    const std::uint64_t key = pack(left, right);
    for (std::size_t i = slot(key);; i = (i + 1) & mask_) {
      if (slots_[i].key == key) return slots_[i].rule;
      if (slots_[i].key == kEmpty) return Rule{};
    }
  }

  std::size_t size() const { return size_; }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  static std::uint64_t pack(std::int32_t a, std::int32_t b) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
  }
  std::size_t slot(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & mask_;
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    reserve(old.empty() ? 4 : old.size() / 2);
    size_ = 0;
    for (const auto& s : old)
      if (s.key != kEmpty)
        set(static_cast<std::int32_t>(s.key >> 32), static_cast<std::int32_t>(s.key & 0xffffffffu), s.rule);
  }

  struct Slot {  // key and rule side by side: one cache line per probe
    std::uint64_t key = kEmpty;
    Rule rule;
  };
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace lnc::data
