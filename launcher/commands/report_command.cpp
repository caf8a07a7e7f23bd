// `lnctrain report --store FILE [--variants FILE.tsv] [--out DIR]`: the per-run table on stdout, and the study's
// tables (markdown, CSV, LaTeX) and Figure 2 written under DIR (default: the store's path without extension +
// "_report"). `--variants` (a score-variants TSV) adds the largest effects and their figure
// (results/report/variant_effects_report.h); it may be given without --store (DIR default: the TSV's path without
// extension + "_report").
#include <CLI/CLI.hpp>

#include <iostream>

#include "base/input_error.h"
#include "launcher/commands/commands.h"
#include "results/report/report_writer.h"
#include "results/report/variant_effects_report.h"

namespace lnc::launcher {
namespace {

std::string default_dir(const std::string& path) {
  auto dot = path.find_last_of('.');
  auto slash = path.find_last_of('/');
  return (dot != std::string::npos && (slash == std::string::npos || dot > slash) ? path.substr(0, dot) : path) +
         "_report";
}

}  // namespace

void add_report_command(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand("report", "Render a results store: per-run table, the study's Tables 1-4, Figure 2");
  auto store = std::make_shared<std::string>();
  auto variants = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("--store", *store, "results store (SQLite)");
  cmd->add_option("--variants", *variants, "score-variants TSV: add its largest effects and effect-by-offset figure");
  cmd->add_option("--out", *out, "output directory (default: <store without extension>_report)");
  cmd->callback([store, variants, out, &result] {
    if (store->empty() && variants->empty()) throw InputError("report", 0, "", "give --store, --variants or both");
    const std::string dir = !out->empty() ? *out : default_dir(store->empty() ? *variants : *store);
    if (!store->empty()) results::write_report(*store, dir, std::cout);
    if (!variants->empty()) results::write_variant_report(*variants, dir, std::cout);
    result.exit_code = 0;
  });
}

}  // namespace lnc::launcher
