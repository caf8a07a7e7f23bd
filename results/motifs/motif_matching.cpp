#include "results/motifs/motif_matching.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace lnc::results::motifs {

double column_correlation(const Column& a, const Column& b) {
  const double ma = (a[0] + a[1] + a[2] + a[3]) / 4, mb = (b[0] + b[1] + b[2] + b[3]) / 4;
  double sab = 0, saa = 0, sbb = 0;
  for (int i = 0; i < 4; ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  if (saa <= 1e-15 || sbb <= 1e-15) return 0;
  return sab / std::sqrt(saa * sbb);
}

namespace {

double best_offset(const Pwm& q, const Pwm& t, int& offset) {
  const int m = static_cast<int>(q.size()), n = static_cast<int>(t.size());
  const int min_overlap = std::min({4, m, n});
  double best = -1e300;
  for (int o = -(n - min_overlap); o <= m - min_overlap; ++o) {
    double sum = 0;
    for (int j = std::max(0, -o); j < n && j + o < m; ++j)
      sum += column_correlation(q.columns[static_cast<std::size_t>(j + o)], t.columns[static_cast<std::size_t>(j)]);
    if (sum > best) {
      best = sum;
      offset = o;
    }
  }
  return best / m;
}

}  // namespace

Alignment align(const Pwm& query, const Pwm& target) {
  if (query.size() == 0 || target.size() == 0) throw std::invalid_argument("align: empty motif");
  Alignment a;
  int forward_offset = 0, reverse_offset = 0;
  const double f = best_offset(query, target, forward_offset);
  const double r = best_offset(query, reverse_complement(target), reverse_offset);
  a.reverse = r > f;
  a.similarity = a.reverse ? r : f;
  a.offset = a.reverse ? reverse_offset : forward_offset;
  return a;
}

Pwm shuffled_columns(const Pwm& target, std::uint64_t seed, std::size_t index, std::size_t copy) {
  std::mt19937_64 rng(seed ^ (0x9E3779B97F4A7C15ULL * (index + 1)) ^ (0xBF58476D1CE4E5B9ULL * (copy + 1)));
  Pwm s = target;
  for (std::size_t i = s.size(); i > 1; --i) std::swap(s.columns[i - 1], s.columns[rng() % i]);
  return s;
}

std::vector<double> bh_q_values(const std::vector<double>& p) {
  const std::size_t n = p.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<double> q(n);
  double running = 1.0;
  for (std::size_t k = n; k-- > 0;) {
    running = std::min(running, p[order[k]] * static_cast<double>(n) / static_cast<double>(k + 1));
    q[order[k]] = std::min(1.0, running);
  }
  return q;
}

std::vector<std::vector<MotifMatch>> match_database(const std::vector<Pwm>& queries,
                                                    const std::vector<KnownMotif>& database,
                                                    const MatchOptions& options, int rank, int ranks,
                                                    const AllGather& gather) {
  const std::size_t D = database.size(), Q = queries.size(), S = static_cast<std::size_t>(options.shuffles);
  auto slice = [&](int r) {
    return std::make_pair(D * static_cast<std::size_t>(r) / static_cast<std::size_t>(ranks),
                          D * static_cast<std::size_t>(r + 1) / static_cast<std::size_t>(ranks));
  };
  // Local values: for each query, for each target of the slice: observed similarity then S null scores.
  const auto [begin, end] = slice(rank);
  std::vector<double> local;
  local.reserve(Q * (end - begin) * (1 + S));
  for (const auto& q : queries)
    for (std::size_t d = begin; d < end; ++d) {
      local.push_back(align(q, database[d].pwm).similarity);
      for (std::size_t s = 0; s < S; ++s)
        local.push_back(align(q, shuffled_columns(database[d].pwm, options.seed, d, s)).similarity);
    }
  const std::vector<double> all = ranks > 1 && gather ? gather(local) : local;
  if (all.size() != Q * D * (1 + S)) throw std::runtime_error("match_database: gathered scores of the wrong size");
  // Decode: rank r's block holds Q x slice(r) x (1 + S).
  std::vector<std::vector<double>> observed(Q, std::vector<double>(D)), null(Q);
  std::size_t at = 0;
  for (int r = 0; r < (ranks > 1 && gather ? ranks : 1); ++r) {
    const auto [b, e] = ranks > 1 && gather ? slice(r) : std::make_pair(begin, end);
    for (std::size_t q = 0; q < Q; ++q)
      for (std::size_t d = b; d < e; ++d) {
        observed[q][d] = all[at++];
        for (std::size_t s = 0; s < S; ++s) null[q].push_back(all[at++]);
      }
  }
  std::vector<std::vector<MotifMatch>> out(Q);
  for (std::size_t q = 0; q < Q; ++q) {
    std::sort(null[q].begin(), null[q].end());
    std::vector<double> p(D);
    for (std::size_t d = 0; d < D; ++d) {
      const auto ge = null[q].end() - std::lower_bound(null[q].begin(), null[q].end(), observed[q][d] - 1e-12);
      p[d] = (1.0 + static_cast<double>(ge)) / (1.0 + static_cast<double>(null[q].size()));
    }
    const auto qv = bh_q_values(p);
    std::vector<std::size_t> order(D);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (observed[q][a] != observed[q][b]) return observed[q][a] > observed[q][b];
      if (p[a] != p[b]) return p[a] < p[b];
      return database[a].id < database[b].id;
    });
    for (std::size_t k = 0; k < std::min(options.keep, D); ++k) {
      const std::size_t d = order[k];
      const auto a = align(queries[q], database[d].pwm);
      out[q].push_back({database[d].id, database[d].name, observed[q][d], p[d], qv[d], a.offset, a.reverse});
    }
  }
  return out;
}

}  // namespace lnc::results::motifs
