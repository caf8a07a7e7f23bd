#include "data/genome/dataset_split.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <string>
#include <unordered_map>

namespace lnc::data {
namespace {

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);  // root = smallest index: deterministic
  }

 private:
  std::vector<std::size_t> parent_;
};

}  // namespace

std::vector<std::size_t> row_groups(const std::vector<DatasetRow>& rows) {
  UnionFind uf(rows.size());
  std::unordered_map<std::string, std::size_t> by_key;
  std::vector<std::size_t> located;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const DatasetRow& r = rows[i];
    if (r.same_group_as >= 0) uf.unite(i, static_cast<std::size_t>(r.same_group_as));
    if (!r.group_key.empty()) {
      auto [it, fresh] = by_key.emplace(r.group_key, i);
      if (!fresh) uf.unite(i, it->second);
    }
    if (r.window.start > 0) located.push_back(i);
  }
  std::sort(located.begin(), located.end(), [&](std::size_t a, std::size_t b) {
    if (rows[a].chrom != rows[b].chrom) return rows[a].chrom < rows[b].chrom;
    if (rows[a].window.start != rows[b].window.start) return rows[a].window.start < rows[b].window.start;
    return a < b;
  });
  // Sweep: a window overlapping the running cluster's reach joins it.
  std::size_t current = 0;
  std::int64_t reach = -1;
  std::string chrom;
  for (std::size_t k = 0; k < located.size(); ++k) {
    const DatasetRow& r = rows[located[k]];
    if (k > 0 && r.chrom == chrom && r.window.start <= reach) {
      uf.unite(located[k], current);
      reach = std::max(reach, r.window.end);
    } else {
      current = located[k];
      chrom = r.chrom;
      reach = r.window.end;
    }
  }
  std::vector<std::size_t> out(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out[i] = uf.find(i);
  return out;
}

SplitAssignment split_by_group(const std::vector<DatasetRow>& rows, double train_fraction, double dev_fraction,
                               DeterministicRng& rng) {
  std::vector<std::size_t> group_of = row_groups(rows);
  // Groups keyed by their root (= smallest row index), so iteration order is deterministic.
  std::map<std::size_t, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < rows.size(); ++i) groups[group_of[i]].push_back(i);
  std::map<int, std::vector<const std::vector<std::size_t>*>> strata;  // label mask -> groups
  for (const auto& [root, members] : groups) {
    int mask = 0;
    for (std::size_t i : members) mask |= rows[i].label == 1 ? 2 : 1;
    strata[mask].push_back(&members);
  }
  SplitAssignment out;
  out.groups = groups.size();
  for (auto& [mask, list] : strata) {
    rng.shuffle(list);
    std::size_t total = 0;
    for (const auto* g : list) total += g->size();
    const double target[3] = {train_fraction * static_cast<double>(total), dev_fraction * static_cast<double>(total),
                              (1.0 - train_fraction - dev_fraction) * static_cast<double>(total)};
    double filled[3] = {0, 0, 0};
    std::vector<std::size_t>* dest[3] = {&out.train, &out.dev, &out.test};
    for (const auto* g : list) {
      int best = 0;  // the split furthest below its target; ties go to train, then dev
      for (int k = 1; k < 3; ++k)
        if (target[k] - filled[k] > target[best] - filled[best]) best = k;
      filled[best] += static_cast<double>(g->size());
      dest[best]->insert(dest[best]->end(), g->begin(), g->end());
    }
  }
  rng.shuffle(out.train);
  rng.shuffle(out.dev);
  rng.shuffle(out.test);
  return out;
}

}  // namespace lnc::data
