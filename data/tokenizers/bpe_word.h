#pragma once
// One pre-tokenized word under BPE: its symbols (token ids with the bytes they cover) and the merge loop of
// Hugging Face tokenizers' `Word::merge_all` (tokenizers/src/models/bpe/word.rs), reproduced step for step:
// a min-queue of candidate merges ordered by (rank, position); a popped entry is applied if its left symbol is
// still alive, has a right neighbour, and that pair's rule yields the SAME merged id as the entry (upstream
// checks only the id, not the rank, and so does this); after each merge the new pairs with the left and right
// neighbours are queued. The result is the same as upstream for every input, including stale-entry cases.
//
// merge_all_by_rank is the same computation, faster, for "rank-monotone" merge tables (every merge that uses a
// token as a part ranks after the merge that creates it; true of trained BPE, DNABERT-2's included; checked at
// load by BpeTokenizer). Then a merge of rank r only creates pairs of rank > r, so upstream's queue pops ranks
// in non-decreasing order and, within one rank, the positions that were queued before that rank is reached, in
// increasing order. Buckets of positions per rank, taken in rank order with each bucket sorted, give exactly
// that sequence of pops and apply the same validity check, without a heap.
#include <cstdint>
#include <utility>
#include <vector>

#include "data/tokenizers/bpe_merge_table.h"

namespace lnc::data {

class BpeWord {
 public:
  struct Symbol {
    std::int32_t id;
    std::int32_t begin;  // byte offset in the input sequence
    std::int32_t end;
  };

  void clear() { symbols_.clear(); }
  void add(std::int32_t id, std::int32_t begin, std::int32_t end) { symbols_.push_back({id, begin, end, -1, -1, true}); }
  // Applies all merges; afterwards for_each_symbol visits the surviving symbols left to right.
  void merge_all(const BpeMergeTable& merges, const std::vector<std::int32_t>& new_id_of_rank);
  void merge_all_by_rank(const BpeMergeTable& merges, const std::vector<std::int32_t>& new_id_of_rank,
                         const std::vector<std::pair<std::int32_t, std::int32_t>>& pair_of_rank);

  template <class F>
  void for_each_symbol(F&& f) const {
    for (const auto& s : symbols_)
      if (s.alive) f(Symbol{s.id, s.begin, s.end});
  }

 private:
  struct Node {
    std::int32_t id, begin, end, prev, next;
    bool alive;
  };
  void link();
  void push_bucket(std::int32_t rank, std::int32_t pos);

  std::vector<Node> symbols_;
  std::vector<std::uint64_t> queue_;  // heap of (rank << 32 | position), smallest first
  std::vector<std::vector<std::int32_t>> buckets_;  // merge_all_by_rank: positions queued per rank
  std::vector<std::uint64_t> nonempty_;             // bit per rank: its bucket holds positions
  bool buckets_dirty_ = false;                      // a run did not finish: buckets hold leftovers
};

}  // namespace lnc::data
