#include "data/genome/sequence_shuffle.h"

#include <array>
#include <stdexcept>
#include <vector>

namespace lnc::data {

std::string uniform_shuffle(const std::string& sequence, DeterministicRng& rng) {
  std::string out = sequence;
  rng.shuffle_range(out);
  return out;
}

std::string dinucleotide_shuffle(const std::string& sequence, DeterministicRng& rng) {
  const std::size_t n = sequence.size();
  if (n < 3) return sequence;  // only one ordering keeps both end bases and the single dinucleotide
  // Vertices are the letters; each adjacent pair s[i]s[i+1] is one directed edge.
  std::array<std::vector<unsigned char>, 256> edges;
  for (std::size_t i = 0; i + 1 < n; ++i)
    edges[static_cast<unsigned char>(sequence[i])].push_back(static_cast<unsigned char>(sequence[i + 1]));
  const unsigned char root = static_cast<unsigned char>(sequence[n - 1]);

  // Wilson's algorithm: a uniformly random spanning arborescence oriented towards the last letter; the
  // chosen edge of each vertex is its last exit in the Eulerian walk.
  std::array<bool, 256> in_tree{};
  std::array<std::size_t, 256> last_edge{};
  in_tree[root] = true;
  for (int v = 0; v < 256; ++v) {
    if (in_tree[v] || edges[v].empty()) continue;
    int u = v;
    while (!in_tree[u]) {
      last_edge[u] = rng.below(edges[u].size());
      u = edges[u][last_edge[u]];
    }
    u = v;
    while (!in_tree[u]) {
      in_tree[u] = true;
      u = edges[u][last_edge[u]];
    }
  }
  // Every other exit is shuffled; the tree edge goes last.
  for (int v = 0; v < 256; ++v) {
    auto& out = edges[v];
    if (out.empty()) continue;
    if (v != root) {
      std::swap(out[last_edge[v]], out.back());
      for (std::size_t i = out.size() - 1; i > 1; --i) std::swap(out[i - 1], out[rng.below(i)]);
    } else {
      rng.shuffle(out);
    }
  }
  std::string result;
  result.reserve(n);
  std::array<std::size_t, 256> used{};
  unsigned char at = static_cast<unsigned char>(sequence[0]);
  result.push_back(static_cast<char>(at));
  for (std::size_t i = 1; i < n; ++i) {
    at = edges[at][used[at]++];
    result.push_back(static_cast<char>(at));
  }
  return result;
}

std::string shuffle_sequence(const std::string& sequence, ShuffleKind kind, DeterministicRng& rng) {
  return kind == ShuffleKind::dinucleotide ? dinucleotide_shuffle(sequence, rng) : uniform_shuffle(sequence, rng);
}


}  // namespace lnc::data
