#include "data/genome/fasta_genome.h"

#include <htslib/bgzf.h>
#include <htslib/faidx.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/atomic_file.h"
#include "base/input_error.h"

namespace lnc::data {
namespace {

bool file_exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), R_OK) == 0;
}

bool starts_with_gzip_magic(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char magic[2] = {0, 0};
  in.read(reinterpret_cast<char*>(magic), 2);
  return in.gcount() == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

bool starts_with_utf8_bom(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[3] = {0, 0, 0};
  in.read(head, 3);
  return in.gcount() == 3 && std::string(head, 3) == "\xEF\xBB\xBF";
}

bool is_bgzf(const std::string& path) {
  BGZF* fp = bgzf_open(path.c_str(), "r");
  if (!fp) return false;
  const int kind = bgzf_compression(fp);  // 0 none, 1 plain gzip, 2 bgzf
  bgzf_close(fp);
  return kind == 2;
}

std::vector<std::string> candidate_names(const std::string& name) {
  std::string base = name.rfind("chr", 0) == 0 ? name.substr(3) : name;
  std::vector<std::string> out{name};
  if (base == "M" || base == "MT") {
    for (const char* alt : {"MT", "chrM", "M", "chrMT"}) out.emplace_back(alt);
  } else {
    out.push_back("chr" + base);
    out.push_back(base);
  }
  return out;
}

// faidx divides by a sequence's bases-per-line when it fetches; an index built from a malformed FASTA (lines of
// control bytes only) records 0 there and the fetch would die with SIGFPE inside HTSlib (found by fuzzing).
// .fai lines: name, length, offset, bases per line, bytes per line.
void check_index(const std::string& fasta, const std::string& fai) {
  std::ifstream in(fai);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name;
    long long length = 0, offset = 0, line_bases = 0, line_bytes = 0;
    std::getline(fields, name, '\t');
    fields >> length >> offset >> line_bases >> line_bytes;
    if (!fields || length < 0 || (length > 0 && (line_bases <= 0 || line_bytes < line_bases)))
      throw InputError(fasta, 0, name, "malformed FASTA record (no bases on its lines, or an unreadable index " + fai +
                                           "; delete the index if the FASTA changed)");
  }
}

}  // namespace

FastaGenome::FastaGenome(const std::string& path, const std::string& index_dir) : path_(path) {
  if (!file_exists(path)) throw InputError(path, 0, "", "cannot open FASTA");
  const bool gz = starts_with_gzip_magic(path);
  if (gz && !is_bgzf(path))
    throw InputError(path, 0, "",
                     "FASTA is plain gzip, which faidx cannot index; recompress it with 'bgzip' (htslib)");
  // faidx indexes byte offsets into this very file, so a reference is not rewritten behind the user's back: a
  // byte-order mark (which faidx rejects as a format error) is refused with the fix. CRLF lines index as they are.
  if (!gz && starts_with_utf8_bom(path))
    throw InputError(path, 1, "", "genome FASTA starts with a UTF-8 byte-order mark, which faidx cannot index; remove "
                                  "it (sed -i '1s/^\\xEF\\xBB\\xBF//' FILE) and index again");
  std::string fai = path + ".fai";
  std::string gzi = gz ? path + ".gzi" : "";
  const bool indexed = file_exists(fai) && (!gz || file_exists(gzi));
  if (!indexed && fai_build3(path.c_str(), nullptr, nullptr) != 0) {
    // The FASTA's directory may be read-only (a shared reference): build the index under index_dir.
    if (index_dir.empty())
      throw InputError(path, 0, "", "cannot build the faidx index next to the FASTA (malformed FASTA or "
                                    "read-only directory; set index_dir)");
    make_directories(index_dir);
    std::string base = std::filesystem::path(path).filename().string();
    fai = index_dir + "/" + base + ".fai";
    gzi = gz ? index_dir + "/" + base + ".gzi" : "";
    if (!(file_exists(fai) && (!gz || file_exists(gzi))) &&
        fai_build3(path.c_str(), fai.c_str(), gz ? gzi.c_str() : nullptr) != 0)
      throw InputError(path, 0, "", "cannot build the faidx index (malformed FASTA: lines of unequal length?)");
  }
  check_index(path, fai);
  fai_ = fai_load3(path.c_str(), fai.c_str(), gz ? gzi.c_str() : nullptr, 0);
  if (!fai_) throw InputError(path, 0, "", "cannot load the faidx index " + fai);
  try {
    read_names();
  } catch (...) {
    fai_destroy(fai_);  // the destructor does not run for a throwing constructor
    fai_ = nullptr;
    throw;
  }
}

void FastaGenome::read_names() {
  const int n = faidx_nseq(fai_);
  for (int i = 0; i < n; ++i) {
    std::string name = faidx_iseq(fai_, i);
    names_.push_back(name);
    const int len = faidx_seq_len(fai_, name.c_str());  // htslib 1.16 has no 64-bit variant
    if (len < 0) throw InputError(path_, 0, "", "faidx index has no length for '" + name + "'");
    lengths_[name] = len;
  }
  if (names_.empty()) throw InputError(path_, 0, "", "FASTA holds no sequences");
}

FastaGenome::~FastaGenome() {
  if (fai_) fai_destroy(fai_);
}

std::int64_t FastaGenome::length(const std::string& name) const {
  auto it = lengths_.find(name);
  if (it == lengths_.end()) throw InputError(path_, 0, "", "no sequence named '" + name + "'");
  return it->second;
}

std::string FastaGenome::fetch(const std::string& name, std::int64_t start, std::int64_t end) const {
  const std::int64_t len = length(name);
  if (start < 1 || end > len || start > end)
    throw InputError(path_, 0, "", "range " + name + ":" + std::to_string(start) + "-" + std::to_string(end) +
                                       " is not on the sequence (length " + std::to_string(len) + ")");
  hts_pos_t got = 0;
  char* raw = faidx_fetch_seq64(fai_, name.c_str(), start - 1, end - 1, &got);
  if (!raw || got != end - start + 1) {
    std::free(raw);
    throw InputError(path_, 0, "", "faidx could not read " + name + ":" + std::to_string(start) + "-" +
                                       std::to_string(end) + " (truncated or corrupt FASTA?)");
  }
  std::string seq(raw, static_cast<std::size_t>(got));
  std::free(raw);
  for (char& c : seq) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return seq;
}

std::string FastaGenome::fasta_name_for(const std::string& annotation_name) const {
  for (const std::string& candidate : candidate_names(annotation_name))
    if (has(candidate)) return candidate;
  return "";
}

ChromosomeMatch FastaGenome::reconcile(const std::vector<std::string>& annotation_names) const {
  ChromosomeMatch match;
  for (const std::string& name : annotation_names) {
    std::string fasta = fasta_name_for(name);
    if (fasta.empty())
      match.unmatched.push_back(name);
    else
      match.to_fasta[name] = fasta;
  }
  std::sort(match.unmatched.begin(), match.unmatched.end());
  match.unmatched.erase(std::unique(match.unmatched.begin(), match.unmatched.end()), match.unmatched.end());
  return match;
}

}  // namespace lnc::data
