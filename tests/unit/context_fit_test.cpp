// The submission's context check (launcher/preflight/context_fit.h) on its own: a token file's longest row against
// a pretrained directory's config.json (64 positions) and against the [model] preset; what it does not check
// (missing files, baselines); and the dry run's parameter count from that config.json, "?" without the directory.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/run_config.h"
#include "data/token_store/token_store.h"
#include "launcher/grid/grid_dry_run.h"
#include "launcher/preflight/context_fit.h"
#include "tests/unit/test_paths.h"

namespace lnc::launcher {
namespace {

// A 3-mer token file whose longest row (dev) has `longest` tokens.
std::string token_file(const std::string& dir, int longest) {
  data::TokenStoreInfo info{"t", "kmer", "v", 3, 69, 0};
  auto row = [](int n) {
    std::vector<std::int32_t> r(static_cast<size_t>(n), 7);
    r.front() = 2;
    r.back() = 3;
    return r;
  };
  data::TokenizedSplit train{"train", "a", "s", {row(10), row(20)}, {0, 1}, false, {}, {}, {"A", "A"}};
  data::TokenizedSplit dev{"dev", "a", "s", {row(longest)}, {0}, false, {}, {}, {"A"}};
  data::TokenizedSplit test{"test", "a", "s", {row(12)}, {1}, false, {}, {}, {"A"}};
  const std::string path = dir + "/t.h5";
  data::write_token_store(path, info, {train, dev, test});
  return path;
}

config::GridConfig grid(const std::string& dir, const std::string& body) {
  std::ofstream(dir + "/g.toml") << body;
  return config::load_grid_config(dir + "/g.toml");
}

TEST(ContextFit, LongestRowAgainstThePretrainedConfigOrThePreset) {
  const std::string dir = test_paths::scratch_dir();
  const std::string tokens = token_file(dir, 80);
  const std::string model = test_paths::source("tests/fixtures/dnabert1_bert");
  const std::string head = "[data]\ntask = \"t\"\nlength = 80\ntokens = \"" + tokens + "\"\n";
  // Pretrained: 64 positions; the dev row has 80 tokens.
  const auto pretrained = grid(dir, head + "[model]\nfamily = \"bert\"\npretrained = \"" + model + "\"\n");
  const auto fit = check_context_fit(pretrained.points[0]);
  EXPECT_EQ(fit.longest_row, 80);
  EXPECT_EQ(fit.longest_split, "dev");
  EXPECT_EQ(fit.context, 64);
  ASSERT_EQ(fit.problems.size(), 1u);
  EXPECT_NE(fit.problems[0].find("config.json"), std::string::npos) << fit.problems[0];
  const auto problems = context_fit_problems(pretrained);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].point, 0u);
  EXPECT_EQ(problems[0].problems[0].rfind("point 1 (" + pretrained.points[0].config_hash.substr(0, 12), 0), 0u);
  EXPECT_NE(context_fit_message(problems).find("data.long_sequences"), std::string::npos);
  // Truncation or chunking fits; a stride past a chunk's 62 content tokens does not.
  const auto truncated = grid(dir, head + "long_sequences = \"truncate\"\n[model]\nfamily = \"bert\"\npretrained = \"" +
                                       model + "\"\n");
  EXPECT_TRUE(context_fit_problems(truncated).empty());
  const auto wide = grid(dir, head + "long_sequences = \"chunk\"\nchunk_stride = 63\n[model]\nfamily = \"bert\"\n"
                                     "pretrained = \"" + model + "\"\n");
  ASSERT_EQ(check_context_fit(wide.points[0]).problems.size(), 1u);
  EXPECT_NE(check_context_fit(wide.points[0]).problems[0].find("data.chunk_stride = 63"), std::string::npos);
  // The preset's 512 positions hold it; 64 do not.
  EXPECT_TRUE(check_context_fit(grid(dir, head + "[model]\nfamily = \"bert\"\n").points[0]).problems.empty());
  EXPECT_EQ(check_context_fit(grid(dir, head + "[model]\nfamily = \"bert\"\nmax_position_embeddings = 64\n").points[0])
                .problems.size(),
            1u);
  // Not checked: a missing token file or model directory, the baseline.
  EXPECT_TRUE(check_context_fit(grid(dir, "[data]\ntask = \"t\"\ntokens = \"" + dir +
                                              "/none.h5\"\n[model]\nfamily = \"bert\"\nmax_position_embeddings = 8\n")
                                    .points[0])
                  .problems.empty());
  EXPECT_TRUE(check_context_fit(grid(dir, head + "[model]\nfamily = \"bert\"\npretrained = \"" + dir + "/none\"\n").points[0])
                  .problems.empty());
  EXPECT_TRUE(check_context_fit(grid(dir, head + "[model]\nfamily = \"lr_tfidf\"\n").points[0]).problems.empty());
}

TEST(ContextFit, DryRunParametersComeFromThePretrainedConfigOrAreUnknown) {
  const std::string dir = test_paths::scratch_dir();
  const std::string model = test_paths::source("tests/fixtures/dnabert1_bert");
  const auto g = grid(dir, "[job]\nstore = \"" + dir + "/s.sqlite\"\n[data]\ntask = \"t\"\nlength = 80\ntokens = \"" + dir +
                               "/none.h5\"\n[model]\nfamily = \"bert\"\n[grid]\n\"model.pretrained\" = [\"" + model +
                               "\", \"" + dir + "/missing\"]\n");
  std::ostringstream out;
  print_dry_run(g, 1, false, out);
  const std::string text = out.str();
  // The fixture is 32 wide with 2 layers: tens of thousands of parameters by the family's formula.
  std::istringstream lines(text);
  std::string line, first, second;
  while (std::getline(lines, line)) {
    if (line.rfind("1 ", 0) == 0) first = line;
    if (line.rfind("2 ", 0) == 0) second = line;
  }
  ASSERT_FALSE(first.empty()) << text;
  EXPECT_EQ(first.find("88.5M"), std::string::npos) << first;  // not the base preset's estimate
  std::istringstream a(first), b(second);
  std::vector<std::string> fa, fb;
  for (std::string w; a >> w;) fa.push_back(w);
  for (std::string w; b >> w;) fb.push_back(w);
  ASSERT_GT(fa.size(), 9u);
  ASSERT_GT(fb.size(), 9u);
  EXPECT_EQ(fb[9], "?") << second;  // columns: # hash model task length tokens seed lr status params
  EXPECT_NE(fa[9], "?") << first;
  EXPECT_NE(fa[9].find("K"), std::string::npos) << first;  // tens of thousands for the 32-wide fixture
}

}  // namespace
}  // namespace lnc::launcher
