#include "results/motifs/motif_discovery.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "data/genome/promoter_window.h"

namespace lnc::results::motifs {

namespace {

std::string canonical(const std::string& kmer) { return std::min(kmer, reverse_complement(kmer)); }

bool acgt_only(const std::string& s) { return s.find_first_not_of("ACGT") == std::string::npos; }

// The `length` bases of `dna` from `start` (+ strand) or their reverse complement; N outside the window.
std::string window_bases(const std::string& dna, std::int64_t start, std::int64_t length, bool reverse) {
  std::string s;
  for (std::int64_t i = start; i < start + length; ++i)
    s.push_back(i >= 0 && i < static_cast<std::int64_t>(dna.size()) ? dna[static_cast<std::size_t>(i)] : 'N');
  return reverse ? reverse_complement(s) : s;
}

std::vector<Column> counts_of(const std::vector<std::string>& aligned, std::size_t width) {
  std::vector<Column> counts(width, Column{});
  for (const auto& s : aligned)
    for (std::size_t i = 0; i < width && i < s.size(); ++i)
      if (int b = base_index(s[i]); b >= 0) counts[i][static_cast<std::size_t>(b)] += 1;
  return counts;
}

struct LogOdds {
  std::vector<std::array<double, 4>> w;
  double min = 0, max = 0;
};

LogOdds log_odds(const Pwm& p) {
  LogOdds l;
  for (const auto& c : p.columns) {
    std::array<double, 4> col{};
    for (int b = 0; b < 4; ++b) col[static_cast<std::size_t>(b)] = std::log2(std::max(c[static_cast<std::size_t>(b)], 1e-6) / 0.25);
    l.min += *std::min_element(col.begin(), col.end());
    l.max += *std::max_element(col.begin(), col.end());
    l.w.push_back(col);
  }
  return l;
}

double score_at(const LogOdds& l, const std::string& s, std::size_t at) {
  double v = 0;
  for (std::size_t i = 0; i < l.w.size(); ++i) {
    const int b = base_index(s[at + i]);
    v += b < 0 ? 0.0 : l.w[i][static_cast<std::size_t>(b)];
  }
  return v;
}

}  // namespace

std::vector<float> oriented_scores(const std::string& method, const std::vector<float>& stored) {
  std::vector<float> out = stored;
  if (method == "ism_mean")
    for (auto& v : out) v = -v;
  return out;
}

std::vector<Seqlet> find_seqlets(const std::vector<ImportanceWindow>& windows, const DiscoveryOptions& o) {
  // Core sums of every positive window.
  std::vector<std::vector<double>> sums(windows.size());
  double total = 0, total2 = 0;
  std::size_t n = 0;
  for (std::size_t w = 0; w < windows.size(); ++w) {
    const auto& s = windows[w].scores;
    if (windows[w].label != 1 || s.size() < static_cast<std::size_t>(o.core)) continue;
    double run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      run += s[i];
      if (i >= static_cast<std::size_t>(o.core)) run -= s[i - static_cast<std::size_t>(o.core)];
      if (i + 1 >= static_cast<std::size_t>(o.core)) {
        sums[w].push_back(run);
        total += run;
        total2 += run * run;
        ++n;
      }
    }
  }
  std::vector<Seqlet> out;
  if (n < 2) return out;
  const double mean = total / static_cast<double>(n);
  const double sd = std::sqrt(std::max(0.0, total2 / static_cast<double>(n) - mean * mean));
  const double threshold = mean + 2 * sd;
  for (std::size_t w = 0; w < windows.size(); ++w) {
    if (sums[w].empty()) continue;
    std::vector<std::size_t> order(sums[w].size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return sums[w][a] > sums[w][b]; });
    std::vector<std::pair<std::int32_t, std::int32_t>> taken;
    for (std::size_t start : order) {
      if (sums[w][start] < threshold || static_cast<int>(taken.size()) >= o.max_seqlets_per_window) break;
      const auto b = static_cast<std::int32_t>(start), e = b + o.core;
      bool overlaps = false;
      for (const auto& [tb, te] : taken) overlaps = overlaps || (b < te && tb < e);
      if (overlaps) continue;
      taken.emplace_back(b, e);
      const auto len = static_cast<std::int32_t>(windows[w].dna.size());
      out.push_back({w, std::max(0, b - o.flank), std::min(len, e + o.flank), sums[w][start]});
    }
  }
  return out;
}

double best_relative_hit(const Pwm& pwm, const std::string& dna, std::int32_t& start, bool& reverse) {
  const auto l = log_odds(pwm);
  const std::size_t w = pwm.size();
  double best = -1e300;
  start = 0;
  reverse = false;
  if (dna.size() < w || l.max <= l.min) return 0;
  const std::string rc = reverse_complement(dna);
  for (std::size_t i = 0; i + w <= dna.size(); ++i) {
    const double f = score_at(l, dna, i), r = score_at(l, rc, i);
    if (f > best) { best = f; start = static_cast<std::int32_t>(i); reverse = false; }
    if (r > best) { best = r; start = static_cast<std::int32_t>(dna.size() - w - i); reverse = true; }
  }
  return (best - l.min) / (l.max - l.min);
}

double hypergeometric_upper_tail(std::int64_t k, std::int64_t total, std::int64_t good, std::int64_t draws) {
  auto log_choose = [](std::int64_t n, std::int64_t r) {
    return std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(r) + 1) -
           std::lgamma(static_cast<double>(n - r) + 1);
  };
  const std::int64_t hi = std::min(good, draws);
  double p = 0;
  for (std::int64_t i = std::max<std::int64_t>(k, std::max<std::int64_t>(0, draws - (total - good))); i <= hi; ++i)
    p += std::exp(log_choose(good, i) + log_choose(total - good, draws - i) - log_choose(total, draws));
  return std::min(1.0, p);
}

std::vector<DiscoveredMotif> discover_motifs(const std::vector<ImportanceWindow>& windows,
                                             const std::vector<Seqlet>& seqlets, const DiscoveryOptions& o) {
  const std::size_t k = static_cast<std::size_t>(o.seed_k);
  // Background: the fraction of all windows' k-mer positions that hold each canonical k-mer.
  std::map<std::string, double> background;
  double positions = 0;
  for (const auto& w : windows)
    for (std::size_t i = 0; i + k <= w.dna.size(); ++i) {
      const auto kmer = w.dna.substr(i, k);
      if (!acgt_only(kmer)) continue;
      background[canonical(kmer)] += 1;
      positions += 1;
    }
  std::vector<bool> assigned(seqlets.size(), false);
  std::vector<DiscoveredMotif> out;
  const std::int64_t width = static_cast<std::int64_t>(k) + 2 * o.extend;
  while (static_cast<int>(out.size()) < o.max_motifs) {
    // Seed: counted once per unassigned seqlet.
    std::map<std::string, int> count;
    double seqlet_positions = 0;
    for (std::size_t s = 0; s < seqlets.size(); ++s) {
      if (assigned[s]) continue;
      const auto& q = seqlets[s];
      const auto dna = windows[q.window].dna.substr(static_cast<std::size_t>(q.begin),
                                                    static_cast<std::size_t>(q.end - q.begin));
      std::map<std::string, bool> seen;
      for (std::size_t i = 0; i + k <= dna.size(); ++i) {
        const auto kmer = dna.substr(i, k);
        if (!acgt_only(kmer)) continue;
        seqlet_positions += 1;
        if (!seen[canonical(kmer)]) ++count[canonical(kmer)];
        seen[canonical(kmer)] = true;
      }
    }
    std::string seed;
    double best = 0;
    for (const auto& [kmer, c] : count) {
      if (c < o.min_sites) continue;
      const double ratio = (c / std::max(1.0, seqlet_positions)) / ((background[kmer] + 1) / (positions + 1));
      const double score = c * std::log2(std::max(ratio, 1e-9));
      if (score > best) { best = score; seed = kmer; }
    }
    if (seed.empty()) break;
    // Sites from the seed's occurrences, oriented to the seed.
    std::vector<std::string> aligned;
    std::vector<std::size_t> used;
    const std::string seed_rc = reverse_complement(seed);
    for (std::size_t s = 0; s < seqlets.size(); ++s) {
      if (assigned[s]) continue;
      const auto& q = seqlets[s];
      const auto& dna = windows[q.window].dna;
      for (std::int32_t i = q.begin; i + static_cast<std::int32_t>(k) <= q.end; ++i) {
        const auto kmer = dna.substr(static_cast<std::size_t>(i), k);
        if (kmer != seed && kmer != seed_rc) continue;
        const bool rev = kmer != seed;
        aligned.push_back(window_bases(dna, i - o.extend, width, rev));
        used.push_back(s);
        break;
      }
    }
    // The seed's PWM trimmed to its informative columns scans the seqlets: untrimmed, its near-uniform flanks
    // would keep almost every true site under the relative score threshold.
    Pwm pwm = from_counts(counts_of(aligned, static_cast<std::size_t>(width)), 0.25);
    {
      std::size_t l = 0, r = pwm.size();
      while (l < r && information_content(pwm.columns[l]) < o.trim_bits) ++l;
      while (r > l && information_content(pwm.columns[r - 1]) < o.trim_bits) --r;
      if (r - l < 4) {
        for (auto s : used) assigned[s] = true;  // spent: the next round seeks another seed
        continue;
      }
      pwm.columns = std::vector<Column>(pwm.columns.begin() + static_cast<std::ptrdiff_t>(l),
                                        pwm.columns.begin() + static_cast<std::ptrdiff_t>(r));
    }
    const auto core = static_cast<std::int64_t>(pwm.size());
    const std::int64_t site_width = core + 2 * o.extend;  // the core hit and `extend` bases each side
    // Refinement: the best core hit of every unassigned seqlet (extended by `extend` each side), once per place.
    DiscoveredMotif m;
    aligned.clear();
    std::vector<std::size_t> members;
    for (std::size_t s = 0; s < seqlets.size(); ++s) {
      if (assigned[s]) continue;
      const auto& q = seqlets[s];
      const auto& dna = windows[q.window].dna;
      const std::int64_t from = std::max<std::int64_t>(0, q.begin - o.extend);
      const std::int64_t to = std::min<std::int64_t>(static_cast<std::int64_t>(dna.size()), q.end + o.extend);
      std::int32_t at = 0;
      bool rev = false;
      const auto piece = dna.substr(static_cast<std::size_t>(from), static_cast<std::size_t>(to - from));
      if (best_relative_hit(pwm, piece, at, rev) < o.min_relative_score) continue;
      const std::int64_t start = from + at - o.extend;  // + strand start of the extended site
      // Two seqlets of one window (a long motif holds two cores) that hit the same site give it once.
      bool seen = false;
      for (const auto& site : m.sites)
        seen = seen || (site.window == q.window && std::abs(site.start - start) < core);
      if (seen) {
        members.push_back(s);
        continue;
      }
      aligned.push_back(window_bases(dna, start, site_width, rev));
      m.sites.push_back({q.window, static_cast<std::int32_t>(start), rev});
      members.push_back(s);
    }
    for (auto s : used) assigned[s] = true;  // the seed's seqlets are spent even if the motif is dropped
    if (static_cast<int>(m.sites.size()) < o.min_sites) continue;
    for (auto s : members) assigned[s] = true;
    pwm = from_counts(counts_of(aligned, static_cast<std::size_t>(site_width)), 0.25);
    // Trim low-information edges; shift the sites' starts with the left trim (reverse sites: the right one).
    std::size_t left = 0, right = pwm.size();
    while (left < right && information_content(pwm.columns[left]) < o.trim_bits) ++left;
    while (right > left && information_content(pwm.columns[right - 1]) < o.trim_bits) --right;
    if (right - left < 4) continue;
    m.pwm.columns.assign(pwm.columns.begin() + static_cast<std::ptrdiff_t>(left),
                         pwm.columns.begin() + static_cast<std::ptrdiff_t>(right));
    for (auto& site : m.sites)
      site.start += site.reverse ? static_cast<std::int32_t>(site_width - static_cast<std::int64_t>(right))
                                 : static_cast<std::int32_t>(left);
    out.push_back(std::move(m));
  }
  // Enrichment and positions.
  for (auto& m : out) {
    for (const auto& w : windows) {
      std::int32_t at = 0;
      bool rev = false;
      const bool hit = best_relative_hit(m.pwm, w.dna, at, rev) >= o.min_relative_score;
      if (w.label == 1) { ++m.windows_positive; m.hits_positive += hit; }
      else { ++m.windows_negative; m.hits_negative += hit; }
    }
    m.enrichment = ((m.hits_positive + 1.0) / (m.windows_positive + 2.0)) /
                   ((m.hits_negative + 1.0) / (m.windows_negative + 2.0));
    m.p_value = hypergeometric_upper_tail(m.hits_positive, m.windows_positive + m.windows_negative,
                                          m.windows_positive, m.hits_positive + m.hits_negative);
    double sum = 0;
    for (const auto& s : m.sites)
      sum += static_cast<double>(data::offset_from_tss(s.start, static_cast<std::int64_t>(windows[s.window].dna.size())));
    m.mean_offset_from_tss = m.sites.empty() ? 0 : sum / static_cast<double>(m.sites.size());
  }
  std::stable_sort(out.begin(), out.end(), [](const DiscoveredMotif& a, const DiscoveredMotif& b) {
    if (a.p_value != b.p_value) return a.p_value < b.p_value;
    return a.sites.size() > b.sites.size();
  });
  return out;
}

}  // namespace lnc::results::motifs
