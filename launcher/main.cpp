// lnctrain: the one executable. Subcommands are registered from launcher/commands/; `lnctrain --grid FILE`
// (the form typed under mpirun) is the same as `lnctrain train --grid FILE`.
#include <CLI/CLI.hpp>

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "base/heap_reuse.h"
#include "base/input_error.h"
#include "launcher/commands/commands.h"
#include "trainer/error_text.h"

int main(int argc, char** argv) {
  lnc::keep_freed_heap_for_reuse();
  std::vector<std::string> args(argv + 1, argv + argc);
  // Shorthand: a leading --grid means "train".
  if (!args.empty() && (args[0] == "--grid" || args[0].rfind("--grid=", 0) == 0)) args.insert(args.begin(), "train");

  CLI::App app{"lnctrain: fine-tune DNA language models on lncRNA and promoter tasks, from a TOML grid to a results store"};
  app.require_subcommand(1);
  lnc::launcher::CommandResult result;
  lnc::launcher::add_prepare_command(app, result);
  lnc::launcher::add_train_command(app, result);
  lnc::launcher::add_report_command(app, result);
  lnc::launcher::add_tokenize_command(app, result);
  lnc::launcher::add_predict_command(app, result);
  lnc::launcher::add_plan_command(app, result);
  lnc::launcher::add_bench_command(app, result);
  lnc::launcher::add_score_variants_command(app, result);
  lnc::launcher::add_doctor_command(app, result);
  lnc::launcher::add_predictions_command(app, result);
  lnc::launcher::add_status_command(app, result);
  lnc::launcher::add_motifs_command(app, result);

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const lnc::InputError& e) {
    std::cerr << "lnctrain: error: " << e.what() << std::endl;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "lnctrain: error: " << lnc::trainer::error_text(e) << std::endl;
    return 1;
  }
  return result.exit_code;
}
