#pragma once
// What produced a run's numbers (store schema 7, tables run_provenance and file_hashes; documented in
// results/store/results_store.h), written by rank 0 with the run's results. Keys, in this order:
//   lnctrain     git describe at build time, "-dirty" for uncommitted changes (base/build_version.h)
//   libtorch, cuda, nccl, mpi, hdf5   versions (trainer/tracking/software_versions.h; cuda/nccl "none" on a
//                LibTorch without CUDA)
//   device       the group leader's device model and device, "NVIDIA H200 (cuda:0)" (cluster/node_description.h)
//   hosts        the hosts of the run's ranks, "node1 (ranks 0-3), node2 (ranks 4-7)"
//   tokens_sha256      sha256 of the token file
//   pretrained_sha256  "file=sha256; ..." over the weight files (*.safetensors, *.bin) of model.pretrained, by
//                name; absent for a model from random initialisation
// A file is hashed once: file_hashes caches its sha256 by path, size and modification time (ns), so a job of many
// points on one token file reads it once, and a later job again only if the file changed.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lnc::results {

class ResultsStore;

extern const char* const kRunProvenanceTable;
extern const char* const kFileHashesTable;

using ProvenanceRows = std::vector<std::pair<std::string, std::string>>;  // (key, value)

// Replaces the run's rows, in one transaction.
void put_provenance(ResultsStore& store, std::int64_t run_id, const ProvenanceRows& rows);
// In the key order above (unknown keys last, by name); empty for a store without the table.
ProvenanceRows read_provenance(const ResultsStore& store, std::int64_t run_id);

// sha256 (hex) of the file, from the cache when its path, size and mtime match, else computed and cached.
// InputError naming the path when it cannot be read.
std::string cached_file_sha256(ResultsStore& store, const std::string& path);
// "name=sha256; ..." over the regular files of `dir` ending in .safetensors or .bin, sorted by name; "" if none.
std::string weights_sha256(ResultsStore& store, const std::string& dir);

}  // namespace lnc::results
