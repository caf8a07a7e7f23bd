#pragma once
// Random access to a reference genome through HTSlib faidx. The FASTA may be plain or bgzip-compressed
// (plain gzip cannot be indexed and is rejected with a hint). A missing .fai (and .gzi) is built next to the
// FASTA; when that directory is not writable it is built under `index_dir` instead.
//
// Annotation and genome often spell chromosomes differently (Ensembl "1", "MT"; UCSC/GENCODE "chr1",
// "chrM"); reconcile() maps annotation names onto this FASTA's names and reports those it cannot match.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

struct faidx_t;

namespace lnc::data {

struct ChromosomeMatch {
  std::map<std::string, std::string> to_fasta;  // annotation name -> FASTA name
  std::vector<std::string> unmatched;            // annotation names with no FASTA sequence (sorted)
};

class FastaGenome {
 public:
  explicit FastaGenome(const std::string& path, const std::string& index_dir = "");
  ~FastaGenome();
  FastaGenome(const FastaGenome&) = delete;
  FastaGenome& operator=(const FastaGenome&) = delete;

  const std::string& path() const { return path_; }
  const std::vector<std::string>& names() const { return names_; }  // FASTA order
  bool has(const std::string& name) const { return lengths_.count(name) != 0; }
  std::int64_t length(const std::string& name) const;  // throws InputError for an unknown name

  // Bases [start, end], 1-based inclusive, upper-cased; the range must lie on the sequence.
  std::string fetch(const std::string& name, std::int64_t start, std::int64_t end) const;

  // Tries the exact name, then the "chr"-prefixed / unprefixed spelling, and MT <-> chrM <-> M.
  ChromosomeMatch reconcile(const std::vector<std::string>& annotation_names) const;
  std::string fasta_name_for(const std::string& annotation_name) const;  // "" when none matches

 private:
  void read_names();
  std::string path_;
  ::faidx_t* fai_ = nullptr;
  std::vector<std::string> names_;
  std::map<std::string, std::int64_t> lengths_;
};

}  // namespace lnc::data
