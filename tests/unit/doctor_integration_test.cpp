// `lnctrain doctor` and the pre-flight of `lnctrain train` (launcher/preflight/preflight.h), one test per check:
// a clean grid exits 0 with every rank reported and the bandwidth printed; a token file made with another k, a
// missing pretrained directory, a read-only output directory, a store from a newer schema and a disk too small
// for the planned checkpoints each exit 2 naming the problem; and a train whose tenth point has no token file is
// refused before its first point starts. The two file-system cases mount a small tmpfs (skipped, saying so, where
// mounting is not permitted).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/mount.h>

#include <regex>

#include "results/store/results_store.h"
#include "tests/unit/grid_test_support.h"

namespace lnc {
namespace {

using namespace test_paths;

struct DoctorCase {
  std::string dir, tokens;
};

DoctorCase doctor_case() {
  DoctorCase c;
  c.dir = scratch_dir();
  c.tokens = prepare_toy_tokens(c.dir);
  return c;
}

// A one-point toy grid; `extra` is appended (keys of [training], then any tables).
std::string grid_file(const DoctorCase& c, const std::string& name, const std::string& output_dir,
                      const std::string& extra = "") {
  const std::string path = c.dir + "/" + name + ".toml";
  std::ofstream(path) << toy_grid_head(c.dir + "/" + name + ".sqlite", output_dir, c.tokens) << "max_steps = 4\n"
                      << extra;
  return path;
}

// A tmpfs of `kib` KiB at `path` (read-only when asked); false where mounting is not permitted.
bool mount_tmpfs(const std::string& path, int kib, bool read_only) {
  ::mkdir(path.c_str(), 0755);
  const std::string options = "size=" + std::to_string(kib) + "k";
  return ::mount("tmpfs", path.c_str(), "tmpfs", read_only ? MS_RDONLY : 0, options.c_str()) == 0;
}

struct Unmount {
  std::string path;
  ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
};

TEST(IntegrationDoctor, ACleanGridExitsZeroReportingEveryRankAndTheBandwidth) {
  const auto c = doctor_case();
  const std::string grid = grid_file(c, "clean", c.dir + "/clean_runs");
  auto r = run_command(mpirun(2) + lnctrain("doctor --grid " + grid + " --bandwidth-mib 1"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("lnctrain doctor: rank 0: host "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("lnctrain doctor: rank 1: host "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("device cpu (gloo)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 torch thread(s)"), std::string::npos) << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex("all-reduce, groups of 2 \\(1 group\\(s\\)\\), 1\\.0 MiB fp32: "
                                                     "[0-9.]+ ms, algorithm [0-9.]+ GB/s, bus [0-9.]+ GB/s")))
      << r.output;
  EXPECT_NE(r.output.find("1 point(s) to run checked on 1 host(s): all well"), std::string::npos) << r.output;
  EXPECT_FALSE(file_exists(c.dir + "/clean.sqlite"));  // doctor creates no store
}

TEST(IntegrationDoctor, ATokenFileMadeWithAnotherKExitsTwoNamingIt) {
  const auto c = doctor_case();
  std::string grid = grid_file(c, "k", c.dir + "/k_runs");
  std::string text = read_text(grid);
  text.replace(text.find("length = 48\n"), 12, "length = 48\nk = 4\n");
  std::ofstream(grid) << text;
  auto r = run_command(mpirun(1) + lnctrain("doctor --grid " + grid));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("[1/1] bert-tiny toy seed 42: data.tokens:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("was made with tokenizer kmer k=3, the config says kmer k=4"), std::string::npos) << r.output;
}

TEST(IntegrationDoctor, AMissingPretrainedDirectoryExitsTwoNamingIt) {
  const auto c = doctor_case();
  const std::string grid = grid_file(c, "p", c.dir + "/p_runs");
  std::string text = read_text(grid);
  text.replace(text.find("[model]\n"), 8, "[model]\npretrained = \"" + c.dir + "/no_such_model\"\n");
  std::ofstream(grid) << text;
  auto r = run_command(mpirun(1) + lnctrain("doctor --grid " + grid));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("model.pretrained: pretrained directory " + c.dir + "/no_such_model does not exist"),
            std::string::npos)
      << r.output;
}

TEST(IntegrationDoctor, AStoreFromANewerSchemaExitsTwoNamingIt) {
  const auto c = doctor_case();
  const std::string grid = grid_file(c, "s", c.dir + "/s_runs");
  { results::ResultsStore store(c.dir + "/s.sqlite"); }
  sqlite3* db = nullptr;
  sqlite3_open((c.dir + "/s.sqlite").c_str(), &db);
  sqlite3_exec(db, "UPDATE meta SET value='99' WHERE key='schema_version'", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto r = run_command(mpirun(1) + lnctrain("doctor --grid " + grid));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("job: job.store: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("newer than this lnctrain supports"), std::string::npos) << r.output;
}

TEST(IntegrationDoctor, AReadOnlyOutputDirectoryExitsTwoNamingIt) {
  const auto c = doctor_case();
  const std::string mount_point = c.dir + "/ro";
  if (!mount_tmpfs(mount_point, 64, true)) GTEST_SKIP() << "mounting a tmpfs is not permitted here";
  Unmount unmount{mount_point};
  const std::string grid = grid_file(c, "ro", mount_point + "/runs");
  auto r = run_command(mpirun(1) + lnctrain("doctor --grid " + grid));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("job: job.output_dir: the output directory " + mount_point +
                          "/runs cannot be written: cannot create a file in " + mount_point + ": Read-only file system"),
            std::string::npos)
      << r.output;
}

TEST(IntegrationDoctor, ADiskTooSmallForThePlannedCheckpointsExitsTwoNamingIt) {
  const auto c = doctor_case();
  const std::string mount_point = c.dir + "/small";
  if (!mount_tmpfs(mount_point, 64, false)) GTEST_SKIP() << "mounting a tmpfs is not permitted here";
  Unmount unmount{mount_point};
  const std::string grid = grid_file(c, "d", mount_point + "/runs");
  auto r = run_command(mpirun(1) + lnctrain("doctor --grid " + grid));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex("job: job.output_dir: only [0-9.]+ MiB free for " + mount_point +
                                                     "/runs; the points this node may run need up to [0-9.]+ MiB of "
                                                     "checkpoints")))
      << r.output;
}

TEST(IntegrationDoctor, TrainRefusesAGridWhoseTenthPointLacksItsTokenFileBeforeAnyPointStarts) {
  const auto c = doctor_case();
  const std::string path = c.dir + "/ten.toml";
  std::string tokens = "[";
  for (int i = 0; i < 9; ++i) tokens += "\"" + c.tokens + "\", ";
  tokens += "\"" + c.dir + "/missing.h5\"]";
  std::ofstream(path) << toy_grid_head(c.dir + "/ten.sqlite", c.dir + "/ten_runs", c.tokens) << "max_steps = 4\n"
                      << "[[grid.zip]]\n\"training.seed\" = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n\"data.tokens\" = "
                      << tokens << "\n";
  auto r = run_command(mpirun(2) + lnctrain("--grid " + path));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("[10/10] bert-tiny toy seed 10: data.tokens: token file " + c.dir +
                          "/missing.h5 does not exist"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("no point was started"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("started on group"), std::string::npos) << r.output;
  EXPECT_FALSE(file_exists(c.dir + "/ten_runs"));
  EXPECT_FALSE(file_exists(c.dir + "/ten.sqlite"));
}

}  // namespace
}  // namespace lnc
