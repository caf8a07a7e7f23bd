#include "data/variants/vcf_reader.h"

#include <htslib/hts.h>
#include <htslib/kseq.h>
#include <htslib/kstring.h>
#include <htslib/vcf.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

#include "base/input_error.h"
#include "data/variants/variant_allele.h"

namespace lnc::data {
namespace {

std::string parse_error_text(int errcode) {
  std::string what;
  auto add = [&what](const char* s) { what += (what.empty() ? "" : "; ") + std::string(s); };
  if (errcode & BCF_ERR_NCOLS) add("wrong number of columns");
  if (errcode & BCF_ERR_LIMITS) add("a value beyond VCF's limits (POS, length or count)");
  if (errcode & BCF_ERR_CHAR) add("an invalid character");
  if (errcode & BCF_ERR_CTG_INVALID) add("an invalid chromosome name");
  if (errcode & BCF_ERR_TAG_INVALID) add("an INFO/FORMAT value that does not match its header declaration");
  if (errcode & BCF_ERR_CTG_UNDEF) add("a chromosome the header cannot declare");
  if (errcode & BCF_ERR_TAG_UNDEF) add("a tag the header cannot declare");
  return what.empty() ? "HTSlib cannot parse it (its message is above)" : what;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool is_special_alt(const std::string& alt) {
  const AlleleKind kind = classify_allele("N", alt);
  return kind == AlleleKind::symbolic || kind == AlleleKind::breakend || kind == AlleleKind::spanning_deletion ||
         kind == AlleleKind::no_alt;
}

}  // namespace

VcfReader::VcfReader(const std::string& path) : path_(path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) throw InputError(path, 0, "", "cannot open VCF");
  if (st.st_size == 0) throw InputError(path, 0, "", "empty file: no VCF header");
  file_ = hts_open(path.c_str(), "r");
  if (!file_) throw InputError(path, 0, "", "cannot open VCF");
  try {
    const htsFormat* format = hts_get_format(file_);
    if (format->format == bcf)
      throw InputError(path, 0, "", "BCF input is not read; convert it with 'bcftools view -Oz -o FILE.vcf.gz'");
    if (format->format != vcf && format->format != text_format && format->format != unknown_format)
      throw InputError(path, 0, "", std::string("not a VCF file (HTSlib sees ") + hts_format_file_extension(format) + ")");
    read_header();
    record_ = bcf_init();
    if (!record_) throw std::bad_alloc();
  } catch (...) {
    if (header_) bcf_hdr_destroy(header_);
    hts_close(file_);
    throw;
  }
}

VcfReader::~VcfReader() {
  if (record_) bcf_destroy(record_);
  if (header_) bcf_hdr_destroy(header_);
  if (file_) hts_close(file_);
}

void VcfReader::read_header() {
  std::string text;
  bool chrom_line = false;
  kstring_t line = {0, 0, nullptr};
  int got = 0;
  while ((got = hts_getline(file_, KS_SEP_LINE, &line)) >= 0) {
    ++line_;
    std::string s(line.s ? line.s : "", line.l);
    if (!s.empty() && s.back() == '\r') s.pop_back();
    if (s.empty() || s[0] != '#') {
      first_line_ = s;
      have_first_line_ = true;
      break;
    }
    if (line_ == 1 && s.rfind("##fileformat=VCF", 0) != 0) {
      std::free(line.s);
      throw InputError(path_, 1, "", "not a VCF file: the first line must be ##fileformat=VCFv4.x");
    }
    text += s + "\n";
    if (s.rfind("#CHROM", 0) == 0) {
      chrom_line = true;
      break;
    }
  }
  std::free(line.s);
  if (got < -1) throw InputError(path_, line_ + 1, "", "read error (truncated or corrupt compressed file?)");
  if (line_ == 0) throw InputError(path_, 0, "", "empty file: no VCF header");
  if (!chrom_line) throw InputError(path_, line_, "", "the VCF header has no #CHROM line");
  header_ = bcf_hdr_init("r");
  if (!header_) throw std::bad_alloc();
  if (bcf_hdr_parse(header_, text.data()) != 0) throw InputError(path_, line_, "", "malformed VCF header");
}

bool VcfReader::next() {
  kstring_t line = {0, 0, nullptr};
  std::string s;
  if (have_first_line_) {
    s = first_line_;
    have_first_line_ = false;
  } else {
    const int got = hts_getline(file_, KS_SEP_LINE, &line);
    if (got < -1) {
      std::free(line.s);
      throw InputError(path_, line_ + 1, "", "read error (truncated or corrupt compressed file?)");
    }
    if (got == -1) {
      std::free(line.s);
      return false;
    }
    ++line_;
    s.assign(line.s ? line.s : "", line.l);
    std::free(line.s);
    if (!s.empty() && s.back() == '\r') s.pop_back();
  }
  ++records_;
  if (s.empty()) throw InputError(path_, line_, "", "empty line in the VCF body");
  if (s[0] == '#') throw InputError(path_, line_, "", "header line after the #CHROM line");
  // HTSlib reads a record cut short after REF as one without ALT; VCF requires the 8 fixed columns.
  const auto columns = std::count(s.begin(), s.end(), '\t') + 1;
  if (columns < 8)
    throw InputError(path_, line_, "", "malformed VCF record: " + std::to_string(columns) +
                                           " tab-separated columns, VCF has at least 8");
  kstring_t k = {0, 0, nullptr};
  kputsn(s.data(), s.size(), &k);
  bcf_clear(record_);
  const int rc = vcf_parse(&k, header_, record_);
  std::free(k.s);
  const int fatal = BCF_ERR_NCOLS | BCF_ERR_LIMITS | BCF_ERR_CHAR | BCF_ERR_CTG_INVALID | BCF_ERR_TAG_INVALID;
  if (rc != 0 || (record_->errcode & fatal))
    throw InputError(path_, line_, "", "malformed VCF record: " + parse_error_text(record_->errcode));
  if (bcf_unpack(record_, BCF_UN_STR) != 0) throw InputError(path_, line_, "", "malformed VCF record");
  chrom_ = bcf_seqname_safe(header_, record_);
  pos_ = record_->pos + 1;
  if (pos_ < 1) throw InputError(path_, line_, "", "POS must be a whole number of at least 1");
  id_ = record_->d.id ? record_->d.id : ".";
  alleles_.clear();
  for (int i = 0; i < record_->n_allele; ++i) alleles_.push_back(upper(record_->d.allele[i]));
  if (alleles_.empty() || !is_base_allele(alleles_[0]))
    throw InputError(path_, line_, "", "REF '" + (alleles_.empty() ? "" : alleles_[0]) +
                                           "' is not a sequence of A, C, G, T, N");
  if (alleles_.size() == 1) alleles_.push_back(".");  // ALT '.': no alternative allele
  for (std::size_t i = 1; i < alleles_.size(); ++i)
    if (!is_base_allele(alleles_[i]) && !is_special_alt(alleles_[i]))
      throw InputError(path_, line_, "", "ALT '" + alleles_[i] +
                                             "' is neither bases (A, C, G, T, N), a symbolic allele, a breakend, '*' "
                                             "nor '.'");
  return true;
}

}  // namespace lnc::data
