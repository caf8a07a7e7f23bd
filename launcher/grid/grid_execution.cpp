#include "launcher/grid/grid_execution.h"

#include <torch/torch.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>

#include "cluster/device_choice.h"
#include "cluster/mpi_environment.h"
#include "cluster/process_group.h"
#include "data/io/atomic_file.h"
#include "results/store/results_store.h"
#include "trainer/training_run.h"

namespace lnc::launcher {
namespace {

results::RunRecord record_of(const config::RunConfig& run, const std::string& grid_name, int ranks) {
  results::RunRecord r;
  r.config_hash = run.config_hash;
  r.config_text = run.canonical_toml;
  r.grid_name = grid_name;
  r.task = run.data.task;
  r.length = run.data.length;
  r.model = run.model.name;
  r.tokenizer = run.data.tokenizer;
  r.k = run.data.k;
  r.seed = run.training.seed;
  r.num_ranks = ranks;
  return r;
}

// 0 = run it, 1 = skip (done, or failed without --rerun-failed); decided on rank 0, sent to all.
int decide(results::ResultsStore* store, const config::RunConfig& run, const GridOptions& options, MPI_Comm comm) {
  int skip = 0;
  if (store) {
    auto existing = store->find_run(run.config_hash);
    if (existing && (existing->status == "done" || (existing->status == "failed" && !options.rerun_failed))) skip = 1;
  }
  MPI_Bcast(&skip, 1, MPI_INT, 0, comm);
  return skip;
}

}  // namespace

int execute_grid(const config::GridConfig& grid, cluster::MpiEnvironment& mpi, const GridOptions& options) {
  const bool leader = mpi.rank() == 0;
  const auto& first = grid.points.front();
  auto device = cluster::choose_device(first.training.device, mpi.local_rank());
  torch::set_num_threads(trainer::threads_per_rank(first.training.threads_per_rank, mpi.local_size()));
  cluster::ProcessGroup group(mpi.world(), device, "lnctrain/world");

  std::unique_ptr<results::ResultsStore> store;
  if (leader) {
    make_directories(grid.job.output_dir);
    store = std::make_unique<results::ResultsStore>(grid.job.store);
    for (const auto& run : grid.points) store->register_run(record_of(run, grid.job.name, mpi.size()));
    std::cout << "lnctrain: grid " << grid.file << ": " << grid.points.size() << " run(s) on " << mpi.size()
              << " rank(s), device " << device.device << " (" << device.backend << "), "
              << torch::get_num_threads() << " thread(s) per rank" << std::endl;
  }

  int failed = 0;
  size_t index = 0;
  for (const auto& run : grid.points) {
    ++index;
    if (decide(store.get(), run, options, mpi.world())) {
      if (leader) std::cout << "[" << index << "/" << grid.points.size() << "] " << run.config_hash.substr(0, 12) << " already recorded, skipped" << std::endl;
      continue;
    }
    std::int64_t run_id = 0;
    std::ofstream log_file;
    if (leader) {
      run_id = store->register_run(record_of(run, grid.job.name, mpi.size()));
      store->mark_running(run_id, mpi.size());
      const std::string run_dir = run.job.output_dir + "/" + run.config_hash.substr(0, 16);
      make_directories(run_dir);
      write_file_atomic(run_dir + "/config.toml", run.canonical_toml);
      log_file.open(run_dir + "/log.txt", std::ios::app);
    }
    const std::string tag = "[" + std::to_string(index) + "/" + std::to_string(grid.points.size()) + "] " + run.model.name +
                            " " + run.data.task + " seed " + std::to_string(run.training.seed);
    auto log = [&](const std::string& line) {
      if (!leader) return;
      std::cout << tag << ": " << line << std::endl;
      log_file << line << std::endl;
    };
    const auto started = std::chrono::steady_clock::now();
    std::string error;
    trainer::RunOutcome outcome;
    try {
      outcome = trainer::train_and_evaluate(run, group, device, log);
    } catch (const std::exception& e) {
      error = e.what();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (leader) {
      std::vector<results::MetricRecord> metrics;
      for (const auto& m : outcome.metrics) metrics.push_back({run_id, m.split, m.epoch, m.name, m.value});
      store->finish_run(run_id, error.empty() ? "done" : "failed", error, seconds, metrics);
      if (error.empty()) log("done in " + std::to_string(seconds) + " s");
      else std::cerr << tag << ": FAILED: " << error << std::endl;
    }
    if (!error.empty()) ++failed;
  }
  group.barrier();
  return failed ? 3 : 0;
}

}  // namespace lnc::launcher
