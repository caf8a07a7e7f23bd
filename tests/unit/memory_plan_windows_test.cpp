// The memory plan of points whose rows are longer than the model's context (launcher/plan/plan_input.h:
// planned_row, plan_input): a chunked row is the windows data::row_windows makes, truncate is one window of the
// context, a row that fits is itself; and `plan_input` reads them from the grid's [data] keys.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "base/input_error.h"
#include "config/run_config.h"
#include "launcher/plan/memory_plan.h"
#include "launcher/plan/plan_input.h"
#include "tests/unit/test_paths.h"

namespace lnc::launcher {
namespace {

// NT's tokens (<cls> then content) over a context of 1001 tokens: 1000 content tokens per window.
data::LongRowPolicy nt_policy(const std::string& mode, std::int64_t stride) {
  data::LongRowPolicy p;
  p.mode = mode;
  p.stride = stride;
  p.context = 1001;
  p.specials = data::special_tokens_of("nt");
  return p;
}

TEST(MemoryPlanWindows, PlannedRowCountsTheWindowsOfTheLongestRow) {
  // 12000 bp as 6-mers: 2000 content tokens + <cls>; stride 900: [0,1000) [900,1900) [1800,2000).
  EXPECT_EQ(row_tokens("nt", 12000, 6), 2001);
  const auto chunked = planned_row(2001, nt_policy("chunk", 900));
  EXPECT_EQ(chunked.windows, 3);
  EXPECT_EQ(chunked.tokens_per_window, 1001);  // padded to the longest window, a full one
  // The default stride (content - 64 = 936): [0,1000) [936,1936) [1872,2000).
  EXPECT_EQ(planned_row(2001, nt_policy("chunk", 0)).windows, 3);
  // Stride = content: no overlap, [0,1000) [1000,2000).
  EXPECT_EQ(planned_row(2001, nt_policy("chunk", 1000)).windows, 2);
  const auto truncated = planned_row(2001, nt_policy("truncate", 0));
  EXPECT_EQ(truncated.windows, 1);
  EXPECT_EQ(truncated.tokens_per_window, 1001);
  // "error" (refused at submission) is planned as one context window; a row that fits is itself in every mode.
  EXPECT_EQ(planned_row(2001, nt_policy("error", 0)).tokens_per_window, 1001);
  for (const char* mode : {"error", "truncate", "chunk"}) {
    const auto fits = planned_row(335, nt_policy(mode, 900));
    EXPECT_EQ(fits.windows, 1) << mode;
    EXPECT_EQ(fits.tokens_per_window, 335) << mode;
  }
}

config::RunConfig point(const std::string& data_keys) {
  const std::string dir = test_paths::scratch_dir();
  std::ofstream(dir + "/g.toml") << "[data]\ntask = \"t\"\nlength = 12000\ntokenizer = \"nt\"\nk = 6\ntokens = \"t.h5\"\n"
                                 << data_keys
                                 << "[model]\nfamily = \"esm\"\nmax_position_embeddings = 1002\n"
                                    "[training]\nglobal_batch_size = 4\n";
  return config::load_grid_config(dir + "/g.toml").points.at(0);
}

TEST(MemoryPlanWindows, PlanInputChunksTheGridsLongestRow) {
  // ESM with pad id 0: a context of 1002 - 0 - 1 = 1001 tokens.
  const auto chunk = plan_input(point("long_sequences = \"chunk\"\nchunk_stride = 900\n"), 1, "", 80);
  EXPECT_EQ(chunk.sequence_tokens, 1001);
  EXPECT_EQ(chunk.windows_per_row, 3);
  const auto truncate = plan_input(point("long_sequences = \"truncate\"\n"), 1, "", 80);
  EXPECT_EQ(truncate.sequence_tokens, 1001);
  EXPECT_EQ(truncate.windows_per_row, 1);
  // Every window is a sequence of the same shape: the chunked row's activations are 3 truncated rows'.
  const auto chunked = plan_memory(chunk), truncated = plan_memory(truncate);
  EXPECT_EQ(chunked.windows_per_row, 3);
  EXPECT_EQ(chunked.activation_bytes_per_sample, 3 * truncated.activation_bytes_per_sample);
  EXPECT_EQ(chunked.weight_bytes, truncated.weight_bytes);
  EXPECT_GT(chunked.total_bytes, truncated.total_bytes);
}

TEST(MemoryPlanWindows, AStridePastTheContentIsAnInputErrorNamingTheKey) {
  try {
    plan_input(point("long_sequences = \"chunk\"\nchunk_stride = 1001\n"), 1, "", 80);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("data.chunk_stride"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("g.toml"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lnc::launcher
