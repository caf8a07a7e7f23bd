#include "launcher/commands/motif_inputs.h"

#include "base/input_error.h"
#include "cluster/mpi_call.h"
#include "results/motifs/motif_database.h"

namespace lnc::launcher {

results::RunRecord find_stored_run(const results::ResultsStore& store, const std::string& key) {
  const auto runs = store.runs();
  const bool numeric = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
  std::vector<results::RunRecord> found;
  for (const auto& r : runs) {
    if (numeric && std::to_string(r.id) == key) return r;
    if (key.size() >= 4 && r.config_hash.rfind(key, 0) == 0) found.push_back(r);
  }
  if (found.size() == 1) return found[0];
  throw InputError(store.path(), 0, "--run",
                   found.empty() ? "no run '" + key + "' (a run id, or 4+ leading characters of its config hash)"
                                 : "'" + key + "' names " + std::to_string(found.size()) + " runs");
}

std::string motif_database_path(const std::string& given) {
  if (!given.empty()) return given;
  const auto path = results::motifs::default_jaspar_database();
  if (path.empty())
    throw InputError("--jaspar", 0, "--jaspar",
                     "no motif database: install pyjaspar (pip install pyjaspar; it ships JASPAR2024.sqlite), set "
                     "LNC_JASPAR_DB, or pass --jaspar FILE (JASPAR SQLite, JASPAR or MEME motif file)");
  return path;
}

results::motifs::AllGather mpi_all_gather(MPI_Comm comm) {
  return [comm](const std::vector<double>& local) {
    int size = 1;
    cluster::check_mpi(MPI_Comm_size(comm, &size), "MPI_Comm_size");
    const int count = static_cast<int>(local.size());
    std::vector<int> counts(static_cast<std::size_t>(size)), displs(static_cast<std::size_t>(size));
    cluster::check_mpi(MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, comm), "MPI_Allgather");
    int total = 0;
    for (int r = 0; r < size; ++r) {
      displs[static_cast<std::size_t>(r)] = total;
      total += counts[static_cast<std::size_t>(r)];
    }
    std::vector<double> all(static_cast<std::size_t>(total));
    cluster::check_mpi(MPI_Allgatherv(local.data(), count, MPI_DOUBLE, all.data(), counts.data(), displs.data(),
                                      MPI_DOUBLE, comm),
                       "MPI_Allgatherv");
    return all;
  };
}

std::string default_motifs_dir(const std::string& store_path, std::int64_t run_id) {
  const auto dot = store_path.find_last_of('.');
  const auto slash = store_path.find_last_of('/');
  const std::string stem =
      dot != std::string::npos && (slash == std::string::npos || dot > slash) ? store_path.substr(0, dot) : store_path;
  return stem + "_motifs_run" + std::to_string(run_id);
}

}  // namespace lnc::launcher
