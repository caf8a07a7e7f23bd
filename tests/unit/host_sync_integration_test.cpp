// At most one host synchronisation per steady-state training step, counted by `lnctrain bench`'s profiler
// callbacks (trainer/bench/op_counter.h) on the training run's own step (trainer/training/train_step.h): the
// loss/stop verdict read, nothing else (clipping and fused AdamW stay on the device; DNABERT-2's packed layout is
// built from the batch's host row lengths). Groups of 1 and 2, both all-reduce paths, full fine-tuning and LoRA,
// BERT, ESM and DNABERT-2. A count, not a time: it holds on any machine.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/unit/mpi_launch.h"
#include "tests/unit/test_paths.h"

namespace lnc::test_paths {
namespace {

// The last CSV row of the file as column -> value.
std::map<std::string, std::string> last_row(const std::string& path) {
  std::ifstream in(path);
  std::string header, line, last;
  std::getline(in, header);
  while (std::getline(in, line))
    if (line.rfind("lnctrain,training,", 0) == 0) last = line;
  auto split = [](const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string cell;
    while (std::getline(ss, cell, ',')) out.push_back(cell);
    if (!s.empty() && s.back() == ',') out.push_back("");
    return out;
  };
  const auto names = split(header), values = split(last);
  std::map<std::string, std::string> row;
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) row[names[i]] = values[i];
  return row;
}

TEST(IntegrationHostSyncs, AtMostOnePerSteadyStateStep) {
  const std::string dir = scratch_dir();
  struct Case {
    int ranks;
    std::string args;
  };
  const std::vector<Case> cases{
      {1, "--model-family bert"},
      {2, "--model-family bert"},
      {2, "--model-family bert --sync-allreduce"},
      {1, "--model-family esm --lora"},
      // DNABERT-2 on a batch with padding (rows of 4-16 tokens): its unpadded forward builds the packed layout
      // from the batch's host row lengths, not from a read of the mask.
      {1, "--model-family dnabert2 --min-length 4"},
      {2, "--model-family dnabert2 --min-length 4 --padding-path unpadded-repadded"},
  };
  int i = 0;
  for (const auto& c : cases) {
    const std::string csv = dir + "/bench" + std::to_string(i++) + ".csv";
    const auto out = run_command(mpirun(c.ranks) +
                                 lnctrain("bench " + c.args +
                                          " --preset tiny --length 16 --batch 2 --steps 1 --warmup 2 --threads 1"
                                          " --loader-rows 0 --csv " + csv));
    ASSERT_EQ(out.exit_code, 0) << out.output;
    auto row = last_row(csv);
    ASSERT_TRUE(row.count("host_syncs_per_step")) << out.output;
    const double syncs = std::stod(row.at("host_syncs_per_step")), ops = std::stod(row.at("aten_ops_per_step"));
    EXPECT_LE(syncs, 1.0) << c.ranks << " rank(s) " << c.args << "\n" << out.output;
    EXPECT_GE(syncs, 1.0) << "the verdict read was not counted: " << c.args;  // the counter does see host reads
    EXPECT_GT(ops, 50.0) << c.args;
    if (c.args.find("--min-length") != std::string::npos)  // the batch has padding: the unpadded path ran
      EXPECT_LT(std::stod(row.at("tokens_per_s")), 0.95 * 16 * std::stod(row.at("samples_per_s"))) << c.args;
    EXPECT_NE(out.output.find("host syncs per step"), std::string::npos);
  }
}

}  // namespace
}  // namespace lnc::test_paths
