#include "results/motifs/run_motifs.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "data/token_store/token_store.h"
#include "results/motifs/sequence_logo.h"

namespace lnc::results::motifs {

namespace {
std::string g(double v, const char* format = "%.4g") {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}
}  // namespace

std::string default_motif_method(const ResultsStore& store, std::int64_t run_id) {
  const auto have = store.importance_methods(run_id, "test");
  for (const char* m : {"ism", "integrated_gradients", "attention"})
    if (std::find(have.begin(), have.end(), m) != have.end()) return m;
  return "";
}

std::vector<ImportanceWindow> run_windows(const ResultsStore& store, std::int64_t run_id, const std::string& method,
                                          const std::string& token_file) {
  const auto rows = store.importance(run_id, "test", method);
  if (rows.empty())
    throw InputError(store.path(), 0, "importance",
                     "run " + std::to_string(run_id) + " has no test-split importance of method '" + method + "'");
  data::TokenStoreReader reader(token_file);
  const auto dna = reader.sequences("test");
  const auto labels = reader.labels("test");
  std::vector<ImportanceWindow> windows(dna.size());
  for (std::size_t i = 0; i < dna.size(); ++i) {
    windows[i].dna = dna[i];
    windows[i].label = labels[i];
    windows[i].sample = static_cast<std::int64_t>(i);
  }
  for (const auto& r : rows) {
    if (r.sample < 0 || static_cast<std::size_t>(r.sample) >= windows.size() ||
        r.scores.size() != windows[static_cast<std::size_t>(r.sample)].dna.size())
      throw InputError(token_file, 0, "test",
                       "run " + std::to_string(run_id) + "'s importance row " + std::to_string(r.sample) +
                           " does not fit this token file's test split (not the run's token file?)");
    windows[static_cast<std::size_t>(r.sample)].scores = oriented_scores(method, r.scores);
  }
  return windows;
}

RunMotifs run_motifs(const std::vector<ImportanceWindow>& windows, const std::string& method,
                     const std::vector<KnownMotif>& database, const DiscoveryOptions& discovery,
                     const MatchOptions& matching, int rank, int ranks, const AllGather& gather) {
  RunMotifs r;
  r.method = method;
  r.windows = windows.size();
  for (const auto& w : windows) r.scored_windows += !w.scores.empty();
  const auto seqlets = find_seqlets(windows, discovery);
  r.seqlets = seqlets.size();
  r.motifs = discover_motifs(windows, seqlets, discovery);
  std::vector<Pwm> queries;
  for (const auto& m : r.motifs) queries.push_back(m.pwm);
  if (!database.empty())
    r.matches = match_database(queries, database, matching, rank, ranks, gather);
  else
    r.matches.assign(queries.size(), {});
  return r;
}

std::string motifs_tsv(const RunMotifs& result) {
  std::ostringstream out;
  out << "rank\tconsensus\tsites\tenrichment\tp_value\tmatch_id\tmatch_name\tsimilarity\tmatch_q_value\t"
         "mean_offset_from_tss\n";
  for (std::size_t i = 0; i < result.motifs.size(); ++i) {
    const auto& m = result.motifs[i];
    out << i + 1 << '\t' << consensus(m.pwm) << '\t' << m.sites.size() << '\t' << g(m.enrichment) << '\t'
        << g(m.p_value, "%.3g") << '\t';
    if (!result.matches[i].empty()) {
      const auto& best = result.matches[i][0];
      out << best.id << '\t' << best.name << '\t' << g(best.similarity) << '\t' << g(best.q_value, "%.3g");
    } else {
      out << "\t\t\t";
    }
    out << '\t' << g(m.mean_offset_from_tss, "%.1f") << '\n';
  }
  return out.str();
}

std::vector<std::string> write_motif_files(const RunMotifs& result, const std::string& out_dir) {
  make_directories(out_dir);
  std::vector<std::string> written;
  write_file_atomic(out_dir + "/motifs.tsv", motifs_tsv(result));
  written.push_back("motifs.tsv");
  std::ostringstream matches;
  matches << "rank\tmatch_rank\tmatch_id\tmatch_name\tsimilarity\tp_value\tq_value\toffset\tstrand\n";
  for (std::size_t i = 0; i < result.matches.size(); ++i)
    for (std::size_t k = 0; k < result.matches[i].size(); ++k) {
      const auto& m = result.matches[i][k];
      matches << i + 1 << '\t' << k + 1 << '\t' << m.id << '\t' << m.name << '\t' << g(m.similarity) << '\t'
              << g(m.p_value, "%.3g") << '\t' << g(m.q_value, "%.3g") << '\t' << m.offset << '\t'
              << (m.reverse ? '-' : '+') << '\n';
    }
  write_file_atomic(out_dir + "/matches.tsv", matches.str());
  written.push_back("matches.tsv");
  for (std::size_t i = 0; i < result.motifs.size(); ++i) {
    const std::string name = "motif" + std::to_string(i + 1) + ".png";
    std::string title = "motif " + std::to_string(i + 1) + ": " + std::to_string(result.motifs[i].sites.size()) +
                        " sites";
    if (!result.matches[i].empty()) title += ", best match " + result.matches[i][0].id + " " + result.matches[i][0].name;
    write_sequence_logo(result.motifs[i].pwm, title, out_dir + "/" + name);
    written.push_back(name);
  }
  return written;
}

}  // namespace lnc::results::motifs
