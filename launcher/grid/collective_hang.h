#pragma once
// What the grid does when a group's collective watchdog (cluster/collective_watchdog.h) finds it hung: a
// collective waited longer than [parallelism] collective_timeout_s (a rank SIGSTOPped, stuck in I/O, or behind a
// dead NIC).
//   1. Every live rank of the group prints, and appends to the run's log.txt, one line naming the collective, the
//      step, the wait and the world ranks that did not arrive (report_collective_hang).
//   2. It tells the coordinator (a kHang message, launcher/grid/grid_messages.h). The coordinator marks the point
//      'queued' with its attempt counted (runs.attempts is not reset, unlike a preemption: a rank that hangs the
//      same point every time ends 'failed' by [job] max_attempts, launcher/grid/attempt_limit.h), hands out
//      nothing more, lets the other groups finish the points they are on for up to collective_timeout_s more,
//      marks those still running then 'queued' (as preempted: not their failure; they resume from their newest
//      checkpoints), and ends the job with MPI_Abort(kExitCollectiveHang): mpirun then exits with 75 and kills every
//      rank, the stopped one too.
//   3. A rank whose coordinator does not end the job within collective_timeout_s + 30 s (world rank 0 is the one that
//      stopped) ends it itself with the same code; the store then still says 'running' for the point, which the
//      next submission counts as a died attempt and resumes, the same count by the other road.
// Why the job ends rather than carrying on without the group: Open MPI (4.1 here; ULFM is not in its default
// build) cannot take a rank out of a running job. MPI_Finalize, the grid's phase synchronisation and its final
// exit-code agreement are collective over the world and would wait for the stopped rank forever, and a stopped
// process is only released by MPI_Abort (or mpirun's own teardown), which ends every rank. So the other groups can
// finish their current points (their results reach the store over point-to-point messages) but not start new ones.
// The newest complete checkpoint of every point is kept, and a resubmission resumes them.
// Exit code 75 (EX_TEMPFAIL of sysexits.h, "try again later") is distinct from 0, 1, 2, 3, 100-127, 138 and 143.
#include <cstdint>
#include <string>

namespace lnc::cluster {
struct CollectiveHang;
}

namespace lnc::launcher {

class GridChannels;

inline constexpr int kExitCollectiveHang = 75;

struct HangContext {
  std::int64_t group = 0;
  std::string group_ranks;  // "0-1"
  std::int64_t point = -1;  // -1: between points
  std::string point_tag;    // "[1/3] bert-tiny toy seed 1"
  std::string run_dir;      // where log.txt is; empty between points
  int world_rank = 0;
  double timeout_seconds = 900;
};

// The line of step 1, without a trailing newline.
std::string collective_hang_text(const cluster::CollectiveHang& hang, const HangContext& context);

// Steps 1 to 3 on the calling (watchdog) thread; does not return.
[[noreturn]] void report_collective_hang(const cluster::CollectiveHang& hang, const HangContext& context,
                                         GridChannels& channels);

}  // namespace lnc::launcher
