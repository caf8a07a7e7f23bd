// TEMPORARY (base commit for parallel work): replaced by prepare/train/report command files.
#include <CLI/CLI.hpp>
#include <stdexcept>
#include "launcher/commands/commands.h"
namespace lnc::launcher {
void add_prepare_command(CLI::App& app, CommandResult&) { app.add_subcommand("prepare", "build datasets"); }
void add_train_command(CLI::App& app, CommandResult&) { app.add_subcommand("train", "train a grid"); }
void add_report_command(CLI::App& app, CommandResult&) { app.add_subcommand("report", "report a store"); }
}  // namespace lnc::launcher
