// `lnctrain predictions --store FILE --run ID [--out FILE]`: a run's per-sample dev and test predictions as CSV
// (results/store/predictions_csv.h), on stdout or written atomically to --out.
#include <CLI/CLI.hpp>

#include <iostream>

#include "base/atomic_file.h"
#include "launcher/commands/commands.h"
#include "results/store/predictions_csv.h"
#include "results/store/results_store.h"

namespace lnc::launcher {

void add_predictions_command(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand("predictions", "Export a run's per-sample dev/test predictions as CSV");
  auto store = std::make_shared<std::string>();
  auto run = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("--store", *store, "results store (SQLite)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--run", *run, "run id (the report's id column) or a prefix of its config hash")->required();
  cmd->add_option("--out", *out, "write the CSV here (default: stdout)");
  cmd->callback([store, run, out, &result] {
    results::ResultsStore s(*store, /*read_only=*/true);
    const std::string csv = results::predictions_csv(s, results::resolve_run(s, *run));
    if (out->empty()) std::cout << csv;
    else write_file_atomic(*out, csv);
    result.exit_code = 0;
  });
}

}  // namespace lnc::launcher
