#pragma once
// Support for the grid engine's integration tests: a tiny labelled DNA dataset prepared into a token file
// (seconds to train), grid files around it, a background mpirun whose rank processes can be signalled, and
// readers of the per-run directories.
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/mpi_launch.h"

namespace lnc::test_paths {

// A learnable toy task: label 1 sequences carry "TATAAA" at a random place, label 0 ones do not. 48 bases.
inline void write_toy_csv(const std::string& path, int rows, unsigned seed) {
  std::mt19937 rng(seed);
  const char bases[] = "ACGT";
  std::ofstream out(path);
  out << "sequence,label\n";
  for (int i = 0; i < rows; ++i) {
    std::string s(48, 'A');
    for (auto& c : s) c = bases[rng() % 4];
    const int label = i % 2;
    if (label) s.replace(rng() % 40, 6, "TATAAA");
    out << s << "," << label << "\n";
  }
}

// Writes and prepares the toy dataset under dir/tokens; returns the token file path.
inline std::string prepare_toy_tokens(const std::string& dir) {
  write_toy_csv(dir + "/train.csv", 160, 1);
  write_toy_csv(dir + "/test.csv", 64, 2);
  std::ofstream(dir + "/dataset.toml") << "[dataset]\nname = \"toy\"\noutput_dir = \"" << dir << "/tokens\"\n"
                                       << "[csv]\ntrain = \"" << dir << "/train.csv\"\ntest = \"" << dir
                                       << "/test.csv\"\ndev_fraction = 0.2\nsplit_seed = 42\n"
                                       << "[[tokenizers]]\nkind = \"kmer\"\nk = 3\nvocab = \""
                                       << source("data/assets/dnabert_vocab/3/vocab.txt") << "\"\n";
  auto prep = run_command(lnctrain("prepare --config " + dir + "/dataset.toml"));
  EXPECT_EQ(prep.exit_code, 0) << prep.output;
  return dir + "/tokens/toy.kmer3.h5";
}

// The common part of a toy grid: tiny BERT, no dropout (so resumed and uninterrupted runs can be compared
// exactly), one thread per rank.
inline std::string toy_grid_head(const std::string& store, const std::string& output_dir, const std::string& tokens,
                                 int epochs = 3) {
  std::ostringstream g;
  g << "[job]\nstore = \"" << store << "\"\noutput_dir = \"" << output_dir << "\"\n"
    << "[data]\ntask = \"toy\"\nlength = 48\ntokens = \"" << tokens << "\"\n"
    << "[model]\nfamily = \"bert\"\npreset = \"tiny\"\nhidden_dropout = 0.0\nattention_dropout = 0.0\n"
    << "[optimizer]\nlr = 1e-3\n[lr_scheduler]\nwarmup_steps = 4\n"
    << "[training]\nepochs = " << epochs << "\nglobal_batch_size = 8\neval_batch_size = 64\nthreads_per_rank = 1\n";
  return g.str();
}

inline bool file_exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

inline std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') out.push_back(e->d_name);
    ::closedir(d);
  }
  return out;
}

// Run directories (<hash16>) that hold a complete checkpoint.
inline std::vector<std::string> runs_with_complete_checkpoint(const std::string& output_dir) {
  std::vector<std::string> out;
  for (const auto& run : list_dir(output_dir))
    for (const auto& step : list_dir(output_dir + "/" + run + "/checkpoint"))
      if (file_exists(output_dir + "/" + run + "/checkpoint/" + step + "/DONE")) {
        out.push_back(run);
        break;
      }
  return out;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// mpirun started in the background (stdout+stderr to a file); its rank processes are its direct children.
class BackgroundMpirun {
 public:
  // `mpirun_options` go between mpirun's -np and the program (e.g. "-x NAME=value" to set a rank's environment).
  BackgroundMpirun(int ranks, const std::string& args, const std::string& output_file,
                   const std::string& mpirun_options = "")
      : output_(output_file) {
    const std::string command =
        "exec " + mpirun(ranks) + mpirun_options + " " + lnctrain(args) + " >" + output_file + " 2>&1";
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~BackgroundMpirun() {
    if (pid_ > 0 && !waited_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  pid_t pid() const { return pid_; }
  std::vector<pid_t> rank_pids() const {
    std::vector<pid_t> out;
    for (const auto& name : list_dir("/proc")) {
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::ifstream stat("/proc/" + name + "/stat");
      std::string line;
      std::getline(stat, line);
      const size_t close = line.rfind(')');
      if (close == std::string::npos) continue;
      std::istringstream rest(line.substr(close + 2));
      char state;
      long ppid = 0;
      rest >> state >> ppid;
      if (ppid == pid_ && line.find("(lnctrain)") != std::string::npos) out.push_back(std::stoi(name));
    }
    return out;
  }
  // Exit code of mpirun (128 + signal if it was killed).
  int wait() {
    if (waited_) return exit_;
    int status = 0;
    ::waitpid(pid_, &status, 0);
    waited_ = true;
    exit_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exit_;
  }
  bool running() {
    int status = 0;
    if (waited_) return false;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      waited_ = true;
      exit_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return false;
    }
    return true;
  }
  std::string output() const { return read_text(output_); }

 private:
  pid_t pid_ = -1;
  bool waited_ = false;
  int exit_ = -1;
  std::string output_;
};

// Polls `condition` every 20 ms for up to `seconds`.
template <typename F>
bool wait_for(F condition, double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

}  // namespace lnc::test_paths
