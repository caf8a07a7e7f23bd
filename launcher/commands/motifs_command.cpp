// `lnctrain motifs --store FILE --run ID [--method M] [--jaspar FILE] [--tokens FILE] [--out DIR]`: de novo motifs
// from one run's stored test-split importances, matched against JASPAR (results/motifs/run_motifs.h lists the
// files). --run is the run's id in the store (the report's first column) or a prefix of its config hash. Without
// --method: the first of ism, integrated_gradients, attention that the run has. Without --jaspar: JASPAR 2024 CORE
// vertebrates from pyjaspar's SQLite (results/motifs/motif_database.h). --tokens overrides the run's data.tokens
// (a token file moved since training). Default out: <store without extension>_motifs_run<ID>. --tracks also writes
// the method's per-base importance as bedGraph (results/tracks/bedgraph_tracks.h) for genome-built datasets, from
// the CSV the test split came from (--csv overrides it).
// Under mpirun each rank scores a slice of the database against the motifs (the costly part) and rank 0 writes.
#include <CLI/CLI.hpp>
#include <mpi.h>

#include <iostream>

#include "base/input_error.h"
#include "cluster/mpi_environment.h"
#include "launcher/commands/commands.h"
#include "launcher/commands/motif_inputs.h"
#include "launcher/commands/run_token_file.h"
#include "results/motifs/run_motifs.h"
#include "results/tracks/bedgraph_tracks.h"

namespace lnc::launcher {

void add_motifs_command(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand("motifs", "De novo motifs from a run's importances, matched against JASPAR");
  struct Options {
    std::string store, run, method, jaspar, tokens, out, csv;
    bool tracks = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--store", o->store, "results store (SQLite)")->required();
  cmd->add_option("--run", o->run, "run id (or config hash prefix)")->required();
  cmd->add_option("--method", o->method, "importance method (ism | ism_mean | integrated_gradients | attention)");
  cmd->add_option("--jaspar", o->jaspar, "motif database: JASPAR SQLite, JASPAR or MEME motif file");
  cmd->add_option("--tokens", o->tokens, "the run's token file (default: its data.tokens)");
  cmd->add_option("--out", o->out, "output directory");
  cmd->add_flag("--tracks", o->tracks, "also write bedGraph tracks (datasets built from a genome)");
  cmd->add_option("--csv", o->csv, "with --tracks: the test CSV with chrom, tss, strand (default: the test split's source)");
  cmd->callback([o, &result] {
    // Found before MPI starts: the default database asks python3 (a fork) where pyjaspar is.
    const std::string database_path = motif_database_path(o->jaspar);
    cluster::MpiEnvironment mpi(nullptr, nullptr);
    results::ResultsStore store(o->store, /*read_only=*/true);
    const auto run = find_stored_run(store, o->run);
    const std::string method = o->method.empty() ? results::motifs::default_motif_method(store, run.id) : o->method;
    if (method.empty())
      throw InputError(o->store, 0, "importance", "run " + std::to_string(run.id) + " has no test-split importance");
    const auto database = results::motifs::read_motif_database(database_path);
    const std::string tokens = o->tokens.empty() ? run_token_file(run, o->store) : o->tokens;
    const auto windows = results::motifs::run_windows(store, run.id, method, tokens);
    const auto found = results::motifs::run_motifs(windows, method, database, {}, {}, mpi.rank(), mpi.size(),
                                                   mpi_all_gather(mpi.world()));
    if (mpi.rank() == 0) {
      std::string dir = o->out;
      if (dir.empty()) dir = default_motifs_dir(o->store, run.id);
      const auto files = results::motifs::write_motif_files(found, dir);
      std::cout << "run " << run.id << ", " << method << ": " << found.scored_windows << " scored windows of "
                << found.windows << ", " << found.seqlets << " seqlets, " << found.motifs.size() << " motifs\n"
                << results::motifs::motifs_tsv(found) << "Wrote to " << dir << ":";
      for (const auto& f : files) std::cout << " " << f;
      std::cout << "\n";
      if (o->tracks) {
        const auto genome = results::tracks::read_genomic_rows(o->csv.empty() ? results::tracks::test_split_source(tokens)
                                                                              : o->csv);
        const auto t = results::tracks::write_bedgraph_tracks(store.importance(run.id, "test", method), genome,
                                                              "run " + std::to_string(run.id) + " " + method, dir,
                                                              "importance_" + method);
        std::cout << "bedGraph: " << t.rows << " windows placed (" << t.skipped << " without coordinates):";
        for (const auto& f : t.written) std::cout << " " << f;
        std::cout << "\n";
      }
    }
    result.exit_code = 0;
  });
}

}  // namespace lnc::launcher
