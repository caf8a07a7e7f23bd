#pragma once
// Each subcommand lives in its own file and registers itself on the CLI11 app here.
// A registration adds the subcommand, its options and a callback that sets `exit_code`.
namespace CLI {
class App;
}

namespace lnc::launcher {

struct CommandResult {
  int exit_code = 0;
};

void add_prepare_command(CLI::App& app, CommandResult& result);
void add_train_command(CLI::App& app, CommandResult& result);
void add_report_command(CLI::App& app, CommandResult& result);
void add_tokenize_command(CLI::App& app, CommandResult& result);
void add_predict_command(CLI::App& app, CommandResult& result);
void add_plan_command(CLI::App& app, CommandResult& result);
void add_bench_command(CLI::App& app, CommandResult& result);
void add_score_variants_command(CLI::App& app, CommandResult& result);
void add_doctor_command(CLI::App& app, CommandResult& result);
void add_predictions_command(CLI::App& app, CommandResult& result);
void add_status_command(CLI::App& app, CommandResult& result);
void add_motifs_command(CLI::App& app, CommandResult& result);

}  // namespace lnc::launcher
