#pragma once
// `lnctrain motifs` and the report's motif section, below the command line: one run's stored importances (one
// method) + its token file's test DNA -> de novo motifs (motif_discovery.h) matched against a motif database
// (motif_matching.h) -> files.
//
// Files written under out_dir (each atomically):
//   motifs.tsv   tab-separated, a header line then one motif per line, best first:
//                rank (1..), consensus (pwm.h), sites, enrichment, p_value (of the enrichment), match_id,
//                match_name, similarity, match_q_value (of the best database match; empty fields when the
//                database is empty), mean_offset_from_tss (bp, of the sites' first base; %.1f)
//   matches.tsv  rank, match_rank (1..3), match_id, match_name, similarity, p_value, q_value, offset, strand (+/-):
//                the three best database matches of each motif
//   motif<rank>.png  its sequence logo (sequence_logo.h)
// Numbers are printed with %.4g (p and q values %.3g).
#include <cstdint>
#include <string>
#include <vector>

#include "results/motifs/motif_database.h"
#include "results/motifs/motif_discovery.h"
#include "results/motifs/motif_matching.h"
#include "results/store/results_store.h"

namespace lnc::results::motifs {

struct RunMotifs {
  std::string method;
  std::size_t windows = 0, scored_windows = 0, seqlets = 0;
  std::vector<DiscoveredMotif> motifs;
  std::vector<std::vector<MotifMatch>> matches;  // per motif, best first
};

// The method used when none is asked for: the first of ism, integrated_gradients, attention that the run has.
// Empty when it has none.
std::string default_motif_method(const ResultsStore& store, std::int64_t run_id);

// The run's test windows: DNA and labels of every test row of `token_file`, with the stored scores of `method`
// where the run has them. Throws InputError when the run has no rows of that method.
std::vector<ImportanceWindow> run_windows(const ResultsStore& store, std::int64_t run_id, const std::string& method,
                                          const std::string& token_file);

RunMotifs run_motifs(const std::vector<ImportanceWindow>& windows, const std::string& method,
                     const std::vector<KnownMotif>& database, const DiscoveryOptions& discovery,
                     const MatchOptions& matching, int rank = 0, int ranks = 1, const AllGather& gather = {});

// Writes the files above; returns their names.
std::vector<std::string> write_motif_files(const RunMotifs& result, const std::string& out_dir);
// motifs.tsv's text.
std::string motifs_tsv(const RunMotifs& result);

}  // namespace lnc::results::motifs
