#include "results/store/run_provenance.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>

#include "base/input_error.h"
#include "base/sha256.h"
#include "results/store/results_store.h"
#include "results/store/sqlite_statement.h"

namespace lnc::results {

const char* const kRunProvenanceTable = R"SQL(
    CREATE TABLE IF NOT EXISTS run_provenance(
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY(run_id, key));
)SQL";

const char* const kFileHashesTable = R"SQL(
    CREATE TABLE IF NOT EXISTS file_hashes(
      path TEXT PRIMARY KEY,
      size INTEGER NOT NULL,
      mtime_ns INTEGER NOT NULL,
      sha256 TEXT NOT NULL);
)SQL";

namespace {

int key_rank(const std::string& key) {
  static const std::map<std::string, int> order{{"lnctrain", 0}, {"libtorch", 1}, {"cuda", 2}, {"nccl", 3},
                                                {"mpi", 4},      {"hdf5", 5},     {"device", 6}, {"hosts", 7},
                                                {"tokens_sha256", 8}, {"pretrained_sha256", 9}};
  auto it = order.find(key);
  return it == order.end() ? 100 : it->second;
}

bool has_table(const ResultsStore& store, const char* name) {
  Statement t(store.handle(), "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", store.path());
  t.bind(1, std::string(name));
  return t.step();
}

}  // namespace

void put_provenance(ResultsStore& store, std::int64_t run_id, const ProvenanceRows& rows) {
  sqlite3* db = store.handle();
  Transaction tx(db, store.path());
  {
    Statement del(db, "DELETE FROM run_provenance WHERE run_id=?", store.path());
    del.bind(1, run_id);
    del.step();
  }
  Statement s(db, "INSERT OR REPLACE INTO run_provenance(run_id, key, value) VALUES(?,?,?)", store.path());
  for (const auto& [key, value] : rows) {
    s.reset();
    s.bind(1, run_id).bind(2, key).bind(3, value);
    s.step();
  }
  tx.commit();
}

ProvenanceRows read_provenance(const ResultsStore& store, std::int64_t run_id) {
  ProvenanceRows out;
  if (!has_table(store, "run_provenance")) return out;
  Statement s(store.handle(), "SELECT key, value FROM run_provenance WHERE run_id=?", store.path());
  s.bind(1, run_id);
  while (s.step()) out.emplace_back(s.text(0), s.text(1));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::make_pair(key_rank(a.first), a.first) < std::make_pair(key_rank(b.first), b.first);
  });
  return out;
}

std::string cached_file_sha256(ResultsStore& store, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw InputError(path, 0, "", "cannot stat the file to hash it");
  const auto size = static_cast<std::int64_t>(st.st_size);
  const std::int64_t mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  {
    Statement q(store.handle(), "SELECT sha256 FROM file_hashes WHERE path=? AND size=? AND mtime_ns=?", store.path());
    q.bind(1, path).bind(2, size).bind(3, mtime_ns);
    if (q.step()) return q.text(0);
  }
  const std::string hash = sha256_file_hex(path);
  Transaction tx(store.handle(), store.path());
  Statement s(store.handle(), "INSERT OR REPLACE INTO file_hashes(path, size, mtime_ns, sha256) VALUES(?,?,?,?)",
              store.path());
  s.bind(1, path).bind(2, size).bind(3, mtime_ns).bind(4, hash);
  s.step();
  tx.commit();
  return hash;
}

std::string weights_sha256(ResultsStore& store, const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      auto ends = [&](const std::string& suffix) {
        return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
      };
      struct stat st {};
      if ((ends(".safetensors") || ends(".bin")) && ::stat((dir + "/" + name).c_str(), &st) == 0 && S_ISREG(st.st_mode))
        names.push_back(name);
    }
    ::closedir(d);
  }
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : "; ") + name + "=" + cached_file_sha256(store, dir + "/" + name);
  return out;
}

}  // namespace lnc::results
