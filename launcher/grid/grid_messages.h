#pragma once
// The messages between the group leaders and the coordinator (world rank 0), and their wire format. They travel as
// tagged byte strings on two message channels (launcher/grid/grid_channels.h, over cluster/message_channel.h):
// `to_coordinator` carries requests, progress and results; `to_workers` carries assignments (separate so that rank
// 0's coordinator thread never receives what it sends to its own rank's worker).
// The encoding lives here, above cluster/, because a result carries trainer types (metrics, importance rows) that
// the channel layer must not know; the channel moves bytes.
//
//   request    leader -> coordinator, tag kRequest:  int64[2] = {group index, stop}    "give me a point"
//              (stop = 1: the leader got a preemption signal; it is released and the grid stops)
//   assignment coordinator -> leader, tag kAssign:   int64[2] = {point index, run id}  point -1 = no more work
//   progress   leader -> coordinator, tag kProgress: int64[3] = {point index, step, total steps}
//   result     leader -> coordinator, tag kResult:   a JSON text (UTF-8, no terminator):
//                {"group": g, "point": i, "status": "done" | "failed" | "interrupted", "error": "...",
//                 "seconds": wall seconds, "steps": optimizer steps, "resumed_from_step": s (0 = from scratch),
//                 "metrics": [{"split", "epoch" (null = final), "name", "value"}, ...],
//                 "importance_rows": n (0 or absent = no importance message follows),
//                 "prediction_rows": m (0 or absent = no predictions message follows),
//                 "curve": [[step, train loss, lr, grad norm, steps/s], ...] (trainer/tracking/curve_point.h; absent
//                 = none), "device": the leader's device model, "hosts": the group's hosts
//                 (cluster/node_description.h; both absent = unknown)}
//              doubles with 17 significant digits (exact); status texts from results/run_status.h.
//   hang       any rank -> coordinator, tag kHang:  int64[4] = {group index, point index, step, reporting world
//              rank}: the rank's collective watchdog found its group hung (launcher/grid/collective_hang.h);
//              sent by every live rank of that group, the coordinator acts on the first.
//   importance leader -> coordinator, tag kImportance, right after a "done" result with importance_rows n > 0:
//              n records of {int64 sample, int64 label, int64 prediction, int64 bases, int64 method,
//              float32 scores[bases]}; method: the code of the stored method name (trainer/importance/importance_row.h).
//              The coordinator receives it from the same source inside its handling of the result (one sender's
//              messages keep their order), so it never sees it on its own. Binary and separate from the JSON because
//              it is the one large message (importance_max_sequences x l floats, e.g. 500 x 300 x 4 bytes = 0.6 MB).
//   predictions leader -> coordinator, tag kPredictions, after the importance message (or the result when it has
//              none) when prediction_rows m > 0: launcher/grid/prediction_messages.h.
// Integers and floats are in native byte order (the ranks of one job run one binary on one architecture); each
// message is one MPI message of MPI_BYTE, byte for byte what the earlier MPI_INT64_T / MPI_CHAR messages held.
// A fixed-size message of the wrong size throws cluster::CommunicationError naming it (the two halves of the protocol
// disagree and a peer may wait for an answer: the job ends, as the MPI truncation error it replaces made it); a
// result or importance message that does not parse throws std::runtime_error (the coordinator then stops handing
// out work and the run stays 'running', so a resubmission runs it again).
#include <cstdint>
#include <string>
#include <vector>

#include "results/run_status.h"
#include "trainer/training_run.h"

namespace lnc::launcher {

enum GridTag : int {
  kRequest = 101, kAssign = 102, kProgress = 103, kResult = 104, kImportance = 105, kHang = 106, kPredictions = 107
};

struct Request {
  std::int64_t group = 0;
  bool stop = false;
};

struct Assignment {
  std::int64_t point = -1;  // -1: no more work
  std::int64_t run_id = 0;
};

struct Progress {
  std::int64_t point = 0, step = 0, total_steps = 0;
};

struct Hang {
  std::int64_t group = 0, point = 0, step = 0, reporter = 0;
};

struct RunResult {
  std::int64_t group = 0;
  std::int64_t point = 0;
  results::RunStatus status = results::RunStatus::failed;  // done | failed | interrupted
  std::string error;
  double seconds = 0;
  std::int64_t steps = 0;
  std::int64_t resumed_from_step = 0;
  std::vector<trainer::MetricValue> metrics;
  std::int64_t importance_rows = 0;               // travels in the JSON
  std::vector<trainer::ImportanceRow> importance;  // travels in the kImportance message
  std::int64_t prediction_rows = 0;                // travels in the JSON
  std::vector<trainer::PredictionRow> predictions;  // travels in the kPredictions message
  std::vector<trainer::CurvePoint> curve;            // travels in the JSON
  std::string device, hosts;                         // provenance (results/store/run_provenance.h), in the JSON
};

std::string encode(const Request& m);
std::string encode(const Assignment& m);
std::string encode(const Progress& m);
std::string encode(const Hang& m);
Hang decode_hang(const std::string& bytes);
Request decode_request(const std::string& bytes);
Assignment decode_assignment(const std::string& bytes);
Progress decode_progress(const std::string& bytes);

std::string result_to_json(const RunResult& r);
RunResult result_from_json(const std::string& text);

std::string importance_to_bytes(const std::vector<trainer::ImportanceRow>& rows);
std::size_t importance_to_bytes_size(const std::vector<trainer::ImportanceRow>& rows);
// Throws std::runtime_error when the bytes do not hold exactly `expected_rows` records.
std::vector<trainer::ImportanceRow> importance_from_bytes(const std::string& bytes, std::int64_t expected_rows);

}  // namespace lnc::launcher
