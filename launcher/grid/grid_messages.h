#pragma once
// The messages between the group leaders and the coordinator (world rank 0), over MPI point-to-point on two
// communicators duplicated from the world: `to_coordinator` carries requests, progress and results;
// `to_workers` carries assignments (separate so that rank 0's coordinator thread never receives what it sends
// to its own rank's worker).
//
//   request    leader -> coordinator, tag kRequest:  int64[2] = {group index, stop}    "give me a point"
//              (stop = 1: the leader got a preemption signal; it is released and the grid stops)
//   assignment coordinator -> leader, tag kAssign:   int64[2] = {point index, run id}  point -1 = no more work
//   progress   leader -> coordinator, tag kProgress: int64[3] = {point index, step, total steps}
//   result     leader -> coordinator, tag kResult:   a JSON text (MPI_CHAR):
//                {"group": g, "point": i, "status": "done" | "failed" | "interrupted", "error": "...",
//                 "seconds": wall seconds, "steps": optimizer steps, "resumed_from_step": s (0 = from scratch),
//                 "metrics": [{"split", "epoch" (null = final), "name", "value"}, ...]}
//              doubles with 17 significant digits (exact).
#include <mpi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "trainer/training_run.h"

namespace lnc::launcher {

enum GridTag : int { kRequest = 101, kAssign = 102, kProgress = 103, kResult = 104 };

struct GridChannels {
  MPI_Comm to_coordinator = MPI_COMM_NULL;
  MPI_Comm to_workers = MPI_COMM_NULL;
  static GridChannels open(MPI_Comm world);  // collective
  void close();
};

struct Assignment {
  std::int64_t point = -1;
  std::int64_t run_id = 0;
};

struct RunResult {
  std::int64_t group = 0;
  std::int64_t point = 0;
  std::string status;  // done | failed | interrupted
  std::string error;
  double seconds = 0;
  std::int64_t steps = 0;
  std::int64_t resumed_from_step = 0;
  std::vector<trainer::MetricValue> metrics;
};

std::string result_to_json(const RunResult& r);
RunResult result_from_json(const std::string& text);

}  // namespace lnc::launcher
