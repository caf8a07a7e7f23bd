#include "launcher/preflight/preflight.h"

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "base/input_error.h"
#include "cluster/duplicated_comm.h"
#include "cluster/mpi_call.h"
#include "cluster/mpi_environment.h"
#include "cluster/text_collectives.h"
#include "launcher/grid/group_size_plan.h"
#include "launcher/preflight/checkpoint_bytes.h"
#include "launcher/preflight/output_dir_check.h"
#include "launcher/preflight/point_checks.h"
#include "launcher/preflight/store_check.h"
#include "results/run_status.h"
#include "results/store/results_store.h"

namespace lnc::launcher {
namespace {

using cluster::check_mpi;

struct Finding {
  std::int64_t point = -1;  // -1: the job
  PointIssue issue;
};

// Fields and records of the gathered text: unit and record separators never occur in paths or messages here.
constexpr char kField = '\x1f', kRecord = '\x1e';

std::string encode(const std::vector<Finding>& findings) {
  std::string out;
  for (const auto& f : findings)
    out += std::to_string(f.point) + kField + f.issue.key + kField + f.issue.message + kRecord;
  return out;
}

std::vector<Finding> decode(const std::string& text) {
  std::vector<Finding> out;
  std::istringstream records(text);
  for (std::string record; std::getline(records, record, kRecord);) {
    const size_t a = record.find(kField), b = record.find(kField, a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    out.push_back({std::stoll(record.substr(0, a)), {record.substr(a + 1, b - a - 1), record.substr(b + 1)}});
  }
  return out;
}

// Rank 0: the points a train would run (the store's view; an unreadable store: all of them, and check_store says why).
std::vector<std::int64_t> points_to_run(const config::GridConfig& grid, bool rerun_failed) {
  std::vector<std::int64_t> all(grid.points.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::int64_t>(i);
  struct stat st {};
  if (::stat(grid.job.store.c_str(), &st) != 0) return all;
  try {
    results::ResultsStore store(grid.job.store, true);
    std::vector<std::int64_t> out;
    for (auto i : all) {
      const auto run = store.find_run(grid.points[static_cast<size_t>(i)].config_hash);
      const auto status = run ? results::parse_run_status(run->status) : results::RunStatus::queued;
      if (status == results::RunStatus::done || (status == results::RunStatus::failed && !rerun_failed)) continue;
      out.push_back(i);
    }
    return out;
  } catch (const std::exception&) {
    return all;
  }
}

std::string point_label(const config::GridConfig& grid, std::int64_t point) {
  if (point < 0) return "job";
  const auto& run = grid.points[static_cast<size_t>(point)];
  return "[" + std::to_string(point + 1) + "/" + std::to_string(grid.points.size()) + "] " + run.model.name + " " +
         run.data.task + " seed " + std::to_string(run.training.seed);
}

// The node's share of the checkpoints, per output directory (preflight.h).
std::map<std::string, std::int64_t> required_bytes(const config::GridConfig& grid, const std::vector<std::int64_t>& points,
                                                   const std::vector<int>& node_world_ranks, int world) {
  // A point whose plan cannot be made (its config.json unreadable: the point checks report it) counts as
  // needing nothing, and its group size as 1.
  std::vector<int> sizes(grid.points.size(), 1);
  try {
    const auto chosen = choose_group_sizes(grid, world);
    for (size_t i = 0; i < sizes.size(); ++i) sizes[i] = chosen[i].size;
  } catch (const std::exception&) {
  }
  std::map<int, std::map<std::string, std::int64_t>> largest;  // group size -> dir -> bytes
  for (auto p : points) {
    const auto& run = grid.points[static_cast<size_t>(p)];
    auto& bytes = largest[sizes[static_cast<size_t>(p)]][run.job.output_dir];
    try {
      bytes = std::max(bytes, planned_checkpoint_bytes(run));
    } catch (const std::exception&) {
    }
  }
  std::map<std::string, std::int64_t> out;
  for (const auto& run : grid.points) out.emplace(run.job.output_dir, 0);
  for (const auto& [size, dirs] : largest) {
    const auto leaders = std::count_if(node_world_ranks.begin(), node_world_ranks.end(), [&](int r) { return r % size == 0; });
    for (const auto& [dir, bytes] : dirs) out[dir] = std::max(out[dir], leaders * bytes);
  }
  return out;
}

}  // namespace

int run_preflight(const config::GridConfig& grid, cluster::MpiEnvironment& mpi, bool rerun_failed, std::ostream& out) {
  cluster::DuplicatedComm world(mpi.world());
  const MPI_Comm comm = world.get();
  std::vector<Finding> found;

  // Which points, from rank 0's reading of the store.
  std::string list;
  if (mpi.rank() == 0) {
    for (auto p : points_to_run(grid, rerun_failed)) list += std::to_string(p) + " ";
    std::vector<PointIssue> issues;
    check_store(grid.job.store, issues);
    for (auto& i : issues) found.push_back({-1, std::move(i)});
  }
  std::vector<std::int64_t> points;
  {
    std::istringstream in(cluster::broadcast_text(comm, list, 0));
    for (std::int64_t p; in >> p;) points.push_back(p);
  }

  // The node's ranks (which of them lead groups) and its first local rank's checks.
  MPI_Comm node = MPI_COMM_NULL;
  check_mpi(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, mpi.rank(), MPI_INFO_NULL, &node), "MPI_Comm_split_type");
  int node_rank = 0, node_size = 1;
  check_mpi(MPI_Comm_rank(node, &node_rank), "MPI_Comm_rank");
  check_mpi(MPI_Comm_size(node, &node_size), "MPI_Comm_size");
  std::vector<int> node_world_ranks(static_cast<size_t>(node_size));
  int me = mpi.rank();
  check_mpi(MPI_Allgather(&me, 1, MPI_INT, node_world_ranks.data(), 1, MPI_INT, node), "MPI_Allgather");
  check_mpi(MPI_Comm_free(&node), "MPI_Comm_free");
  if (node_rank == 0) {
    for (auto p : points)
      for (auto& issue : check_point(grid.points[static_cast<size_t>(p)])) found.push_back({p, std::move(issue)});
    for (const auto& [dir, bytes] : required_bytes(grid, points, node_world_ranks, mpi.size())) {
      std::vector<PointIssue> issues;
      check_output_dir(dir, bytes, issues);
      for (auto& i : issues) found.push_back({-1, std::move(i)});
    }
  }

  // Gathered on rank 0, each problem once with the hosts that found it.
  const auto texts = cluster::gather_text(comm, encode(found), 0);
  const auto hosts = cluster::gather_text(comm, node_rank == 0 ? cluster::host_name() : std::string(), 0);
  int problems = 0;
  if (mpi.rank() == 0) {
    std::set<std::string> all_hosts;
    for (const auto& h : hosts)
      if (!h.empty()) all_hosts.insert(h);
    std::vector<std::pair<Finding, std::set<std::string>>> unique;
    for (size_t r = 0; r < texts.size(); ++r)
      for (auto& f : decode(texts[r])) {
        const std::string where = hosts[r].empty() ? cluster::host_name() : hosts[r];
        auto it = std::find_if(unique.begin(), unique.end(), [&](const auto& u) {
          return u.first.point == f.point && u.first.issue.key == f.issue.key && u.first.issue.message == f.issue.message;
        });
        if (it == unique.end()) unique.push_back({f, {where}});
        else it->second.insert(where);
      }
    std::stable_sort(unique.begin(), unique.end(), [](const auto& a, const auto& b) { return a.first.point < b.first.point; });
    for (const auto& [f, where] : unique) {
      std::string on = where.size() == all_hosts.size() && all_hosts.size() > 1 ? "every host: " : "host ";
      const char* sep = "";
      for (const auto& h : where) {
        on += sep + h;
        sep = ", ";
      }
      out << "lnctrain: pre-flight: " << point_label(grid, f.point) << ": " << f.issue.key << ": " << f.issue.message
          << " (" << on << ")" << std::endl;
    }
    problems = static_cast<int>(unique.size());
    out << "lnctrain: pre-flight: " << points.size() << " point(s) to run checked on " << all_hosts.size()
        << " host(s): " << (problems ? std::to_string(problems) + " problem(s)" : std::string("all well")) << std::endl;
  }
  check_mpi(MPI_Bcast(&problems, 1, MPI_INT, 0, comm), "MPI_Bcast");
  world.free();
  return problems;
}

}  // namespace lnc::launcher
