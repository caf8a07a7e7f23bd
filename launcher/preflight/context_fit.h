#pragma once
// Pre-flight check: does every grid point's data fit its model's context? Run at submission (before MPI starts any
// training; launcher/grid/grid_execution.cpp) and by `--dry-run`, so a point that would fail on its first batch
// ("a row of 1000 tokens exceeds max_position_embeddings 512") is refused up front with the key to set.
//
// For each neural point whose token file exists: the longest row of the file (the largest per-split max_length
// attribute, special tokens included; data/token_store/token_store.h) against the model's context
// (FamilySpec::context_tokens) of the architecture the run would build: the pretrained directory's config.json
// when model.pretrained is set (with its pad_token_id), else the [model] dimensions with the token file's pad id.
// Problems: [data] long_sequences = "error" and the longest row is longer than the context; or a truncate/chunk
// setting the model cannot honour (data/batching/long_rows.h, long_row_policy_problem: no room beside the
// special tokens, a chunk_stride past a chunk's content).
// Not checked (nothing to compare, and the run reports it with its own message): baseline points (lr_tfidf: no
// context), a token file or pretrained directory that does not exist or does not parse.
// Self-contained: reads only the files named by each point, no MPI, no store; the same answer on every rank.
#include <cstddef>
#include <string>
#include <vector>

#include "config/run_config.h"
#include "launcher/preflight/preflight_problem.h"

namespace lnc::launcher {

// What was compared for one point (-1 where unknown: a file missing or unreadable).
struct ContextFit {
  std::int64_t longest_row = -1;  // tokens of the token file's longest row
  std::string longest_split;      // the split holding it
  std::int64_t context = -1;      // the model's context in tokens
  std::vector<std::string> problems;  // empty: the point fits (or could not be checked)
};

// One point; the problems are sentences without the point's name.
ContextFit check_context_fit(const config::RunConfig& point);

// The same as a pre-flight point check (launcher/preflight/point_checks.h: `lnctrain doctor` and train's pre-flight),
// each problem under the key it names (data.chunk_stride, else data.long_sequences).
void check_point_context_fit(const config::RunConfig& point, std::vector<PointIssue>& issues);

struct PointProblems {
  std::size_t point = 0;              // 0-based index into grid.points
  std::vector<std::string> problems;  // each "point N (hash12, model, task, length L): ..."
};
// Every point of the grid with at least one problem, in point order.
std::vector<PointProblems> context_fit_problems(const config::GridConfig& grid);

// The grid's problems as one message (one line per problem), "" when there are none.
std::string context_fit_message(const std::vector<PointProblems>& problems);

}  // namespace lnc::launcher
