#pragma once
// Preemption: SIGTERM and SIGUSR1 (what Slurm sends before a job's time limit or on preemption: sbatch
// --signal=USR1@120, scancel --signal=TERM) only set a flag here. The grid engine polls it at every step
// boundary: each group checkpoints the run it is on, the queue hands out nothing more, and lnctrain exits with
// preemption_exit_code() = 128 + the signal number (143 for SIGTERM, 138 for SIGUSR1), the code a shell reports
// for a process killed by that signal, so schedulers and scripts treat it as "terminated by signal" while the
// checkpoint is complete. A second signal of the same kind is not special (the checkpoint is being written).
namespace lnc::cluster {

void install_preemption_handlers();  // idempotent
bool preemption_requested();          // async-signal-safe read of the flag
int preemption_signal();              // 0 = none, else the first signal received
int preemption_exit_code();           // 128 + preemption_signal(); 0 when none

}  // namespace lnc::cluster
