#pragma once
// Test-only fault injection for the grid engine; inert unless its environment variable is set.
//
//   LNC_TEST_HOLD_AFTER_CHECKPOINT=1   (unset, empty or "0": off)
//     After the first complete checkpoint (DONE written) of each run, every rank of the group stops making progress:
//     the group leader appends "test hook: holding after the checkpoint at step N (pid P)" to the run's log.txt,
//     then every rank sleeps until its process is killed (SIGTERM / SIGUSR1 only set the stop flag, which the hold
//     does not read). The SIGKILL-resume test (tests/unit/grid_integration_test.cpp) uses it so that the run it
//     kills is certainly mid-way with a complete checkpoint: without it the run could finish between the test
//     seeing the checkpoint and the kill landing.
//
//   LNC_TEST_HOLD_AT_STEP=S            (unset, empty or "0": off)
//     When a run completes step S (before that step's checkpoint, if one is due), every rank of the group holds as
//     above, the leader logging "test hook: holding at step S (pid P)". A resumed attempt reaches step S again, so
//     the crash-loop test (tests/unit/grid_crash_loop_test.cpp) kills a point at the same step on every attempt.
//
//   LNC_TEST_STOP_AFTER_CHECKPOINT=R   (unset or empty: off; R a world rank)
//     World rank R raises SIGSTOP on itself right after the first complete checkpoint of its first run (once per
//     process), printing "test hook: world rank R (pid P) stops itself after the checkpoint at step N" to stderr.
//     The other ranks of its group go on into the next step's collectives and wait there: the collective-watchdog
//     test (tests/unit/collective_watchdog_integration_test.cpp) uses it.
#include <cstdint>

namespace lnc::launcher {

bool hold_after_checkpoint_requested();  // reads the environment once per process
std::int64_t hold_at_step_requested();   // S, or 0 when off; reads the environment once per process
[[noreturn]] void hold_until_killed();
int stop_after_checkpoint_rank();        // R, or -1 when off; reads the environment once per process
// SIGSTOP to this process, the first time only, when `world_rank` is R.
void stop_after_checkpoint_if_requested(int world_rank, std::int64_t step);

}  // namespace lnc::launcher
