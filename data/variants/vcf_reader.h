#pragma once
// Reads a VCF (plain or bgzip-compressed; an index is neither needed nor used) record by record through HTSlib:
// hts_getline for the lines (so that every error can name the file's line), bcf_hdr_parse for the header and
// vcf_parse for each record. BCF input is refused with the conversion command.
//
// Errors (InputError "FILE:LINE: ..."): a missing or unreadable file, no header or no #CHROM line, a record HTSlib
// cannot parse (wrong column count, bad POS, undefined or invalid tag, ...), an empty line, POS < 1, a REF that is
// not made of A C G T N, an ALT that is neither that nor a symbolic allele, breakend, '*' or '.'.
// Alleles are upper-cased (VCF bases are case-insensitive).
#include <cstdint>
#include <string>
#include <vector>

struct htsFile;
struct bcf_hdr_t;
struct bcf1_t;

namespace lnc::data {

class VcfReader {
 public:
  explicit VcfReader(const std::string& path);
  ~VcfReader();
  VcfReader(const VcfReader&) = delete;
  VcfReader& operator=(const VcfReader&) = delete;

  // Reads the next record; false at the end of the file.
  bool next();

  const std::string& path() const { return path_; }
  long line() const { return line_; }                     // 1-based line of the current record
  std::int64_t record_index() const { return records_ - 1; }  // 0-based among the data lines
  const std::string& chrom() const { return chrom_; }
  std::int64_t pos() const { return pos_; }                // 1-based
  const std::string& id() const { return id_; }            // "." when none
  const std::string& ref() const { return alleles_[0]; }
  std::vector<std::string> alts() const { return {alleles_.begin() + 1, alleles_.end()}; }

  const bcf_hdr_t* header() const { return header_; }
  bcf1_t* record() const { return record_; }  // the current record, unpacked; valid until next()

 private:
  void read_header();
  std::string path_;
  htsFile* file_ = nullptr;
  bcf_hdr_t* header_ = nullptr;
  bcf1_t* record_ = nullptr;
  long line_ = 0;
  std::int64_t records_ = 0;
  std::string chrom_, id_;
  std::int64_t pos_ = 0;
  std::vector<std::string> alleles_;
  std::string first_line_;  // the first data line, read while looking for the header's end
  bool have_first_line_ = false;
};

}  // namespace lnc::data
