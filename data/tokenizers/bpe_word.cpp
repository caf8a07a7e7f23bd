#include "data/tokenizers/bpe_word.h"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace lnc::data {

namespace {
std::uint64_t entry(std::int32_t rank, std::int32_t pos) {
  return (static_cast<std::uint64_t>(rank) << 32) | static_cast<std::uint32_t>(pos);
}
// merge_all_by_rank's precondition, enforced: never touch the bucket being walked.
std::int32_t checked(std::int32_t new_rank, std::int32_t current_rank) {
  if (new_rank <= current_rank) throw std::logic_error("BPE merge table is not rank-monotone");
  return new_rank;
}

}  // namespace

void BpeWord::link() {
  const auto n = static_cast<std::int32_t>(symbols_.size());
  for (std::int32_t i = 0; i < n; ++i) {
    symbols_[static_cast<size_t>(i)].prev = i - 1;
    symbols_[static_cast<size_t>(i)].next = i + 1 < n ? i + 1 : -1;
  }
}

void BpeWord::merge_all(const BpeMergeTable& merges, const std::vector<std::int32_t>& new_id_of_rank) {
  link();
  const auto n = static_cast<std::int32_t>(symbols_.size());
  // Rust's BinaryHeap pops the greatest element; upstream's Merge orders lower rank, then lower position, as
  // greater. Here: a min-heap on (rank, position), the same order. Entries carry the rank; the merged id of a
  // rank is fixed (one rule per rank), so the entry's new_id is new_id_of_rank[rank].
  const auto greater = std::greater<std::uint64_t>();
  queue_.clear();
  for (std::int32_t i = 0; i + 1 < n; ++i) {
    auto rule = merges.find(symbols_[static_cast<size_t>(i)].id, symbols_[static_cast<size_t>(i) + 1].id);
    if (rule.rank >= 0) queue_.push_back(entry(rule.rank, i));
  }
  std::make_heap(queue_.begin(), queue_.end(), greater);

  while (!queue_.empty()) {
    std::pop_heap(queue_.begin(), queue_.end(), greater);
    const std::uint64_t top = queue_.back();
    queue_.pop_back();
    const auto rank = static_cast<std::int32_t>(top >> 32);
    const auto pos = static_cast<std::int32_t>(top & 0xffffffffu);
    const std::int32_t top_new_id = new_id_of_rank[static_cast<size_t>(rank)];

    Node& left = symbols_[static_cast<size_t>(pos)];
    if (!left.alive || left.next < 0) continue;  // merged away, or now the last symbol
    Node& right = symbols_[static_cast<size_t>(left.next)];
    auto current = merges.find(left.id, right.id);
    if (current.rank < 0 || current.new_id != top_new_id) continue;  // stale entry

    left.id = top_new_id;
    left.end = right.end;
    right.alive = false;
    left.next = right.next;
    if (right.next >= 0) symbols_[static_cast<size_t>(right.next)].prev = pos;

    if (left.prev >= 0) {
      auto rule = merges.find(symbols_[static_cast<size_t>(left.prev)].id, left.id);
      if (rule.rank >= 0) {
        queue_.push_back(entry(rule.rank, left.prev));
        std::push_heap(queue_.begin(), queue_.end(), greater);
      }
    }
    if (left.next >= 0) {
      auto rule = merges.find(left.id, symbols_[static_cast<size_t>(left.next)].id);
      if (rule.rank >= 0) {
        queue_.push_back(entry(rule.rank, pos));
        std::push_heap(queue_.begin(), queue_.end(), greater);
      }
    }
  }
}

void BpeWord::push_bucket(std::int32_t rank, std::int32_t pos) {
  auto& bucket = buckets_[static_cast<size_t>(rank)];
  if (bucket.empty()) nonempty_[static_cast<size_t>(rank) >> 6] |= std::uint64_t{1} << (rank & 63);
  bucket.push_back(pos);
}

void BpeWord::merge_all_by_rank(const BpeMergeTable& merges, const std::vector<std::int32_t>& new_id_of_rank,
                                const std::vector<std::pair<std::int32_t, std::int32_t>>& pair_of_rank) {
  link();
  const auto n = static_cast<std::int32_t>(symbols_.size());
  if (buckets_.size() != new_id_of_rank.size() || buckets_dirty_) {  // other table, or a run that threw
    buckets_.assign(new_id_of_rank.size(), {});
    nonempty_.assign((new_id_of_rank.size() + 63) / 64, 0);
  }
  buckets_dirty_ = true;
  for (std::int32_t i = 0; i + 1 < n; ++i) {
    auto rule = merges.find(symbols_[static_cast<size_t>(i)].id, symbols_[static_cast<size_t>(i) + 1].id);
    if (rule.rank >= 0) push_bucket(rule.rank, i);
  }
  // Ranks in increasing order; merges of rank r only fill buckets of higher ranks (rank-monotone table).
  for (std::size_t word = 0; word < nonempty_.size();) {
    if (nonempty_[word] == 0) {
      ++word;
      continue;
    }
    const auto rank = static_cast<std::int32_t>(word * 64 + static_cast<std::size_t>(__builtin_ctzll(nonempty_[word])));
    nonempty_[word] &= nonempty_[word] - 1;
    auto& bucket = buckets_[static_cast<size_t>(rank)];
    if (!std::is_sorted(bucket.begin(), bucket.end())) std::sort(bucket.begin(), bucket.end());
    const std::int32_t new_id = new_id_of_rank[static_cast<size_t>(rank)];
    for (const std::int32_t pos : bucket) {
      Node& left = symbols_[static_cast<size_t>(pos)];
      if (!left.alive || left.next < 0) continue;
      Node& right = symbols_[static_cast<size_t>(left.next)];
      // Stale check as in merge_all; the pair of this rank itself needs no lookup (it maps to new_id).
      if (left.id != pair_of_rank[static_cast<size_t>(rank)].first ||
          right.id != pair_of_rank[static_cast<size_t>(rank)].second) {
        auto current = merges.find(left.id, right.id);
        if (current.rank < 0 || current.new_id != new_id) continue;
      }

      left.id = new_id;
      left.end = right.end;
      right.alive = false;
      left.next = right.next;
      if (right.next >= 0) symbols_[static_cast<size_t>(right.next)].prev = pos;
      if (left.prev >= 0) {
        auto rule = merges.find(symbols_[static_cast<size_t>(left.prev)].id, left.id);
        if (rule.rank >= 0) push_bucket(checked(rule.rank, rank), left.prev);
      }
      if (left.next >= 0) {
        auto rule = merges.find(left.id, symbols_[static_cast<size_t>(left.next)].id);
        if (rule.rank >= 0) push_bucket(checked(rule.rank, rank), pos);
      }
    }
    bucket.clear();
  }
  buckets_dirty_ = false;  // every bucket was emptied on the way
}

}  // namespace lnc::data
