#pragma once
// Tokenized datasets on disk: one HDF5 file per dataset and tokenizer.
//
// Layout (format_version 1), written by TokenStoreWriter (token_store_writer.cpp):
//   /                      attributes: format = "lnctrain-tokens", format_version = 1 (int),
//                          dataset (string), tokenizer (string: kmer | bpe | nt), k (int, 0 if not k-mer),
//                          vocab_size (int), pad_id (int), vocab_sha256 (string);
//                          optional: expression_stats_tsv (string): the dataset builder's per-biotype GTEx TPM
//                          statistics, verbatim expression_stats.tsv (format in data/genome/expression_classes.h),
//                          written by `lnctrain prepare` for datasets whose builder read GTEx (task 3). The results
//                          store receives them as dataset_stats rows when runs on the file are recorded
//                          (results/store/token_file_statistics.h); per-split counts are computed there from the
//                          labels and num_bases below, so they are not duplicated as attributes.
// No TSS attribute: every dataset lnctrain prepares is a promoter window that ends 50 bp downstream of its TSS
// (genome builders: data/genome/promoter_window.h; GUE prom_300: -249..+50, data/assets/PROVENANCE.md), so a row
// of l bases has its TSS at base l - 51 (data/genome/promoter_window.h, offset_from_tss).
//   /<split>               split in {train, dev, test}; attributes: source_file (string),
//                          source_sha256 (string: of the file the split came from), num_examples (int),
//                          max_length (int: tokens, incl. special tokens)
//   /<split>/input_ids     int32 [N, max_length], right-padded with pad_id; chunks of up to 256 rows,
//                          shuffle + deflate(1)
//   /<split>/lengths       int32 [N]: real tokens per row (attention mask = first `length` positions)
//   /<split>/labels        int32 [N]
//   /<split>/base_begin,
//   /<split>/base_end      int32 [N, max_length] (optional; written for the test split): half-open range of bases
//                          covered by each token, -1 for special tokens and padding (attention importance per base)
//   /<split>/sequences     uint8 [N, max_bases]: the upper-case DNA of each row, NUL-padded (what the TF-IDF baseline
//                          reads, and the base count behind each importance row); chunked + deflate
//   /<split>/num_bases     int32 [N]
// Rows keep the order of the source file, so row i is line i+2 of the source CSV.
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace lnc::data {

struct TokenStoreInfo {
  std::string dataset, tokenizer, vocab_sha256;
  int k = 0, vocab_size = 0, pad_id = 0;
  std::string expression_stats_tsv;  // optional (see the layout above); empty = not written
};

struct TokenizedSplit {
  std::string name;  // train | dev | test
  std::string source_file, source_sha256;
  std::vector<std::vector<std::int32_t>> ids;
  std::vector<std::int32_t> labels;
  bool with_spans = false;
  std::vector<std::vector<std::int32_t>> base_begin, base_end;
  std::vector<std::string> sequences;  // the bases of each row
};

// Writes the whole file atomically (temporary name, then rename).
void write_token_store(const std::string& path, const TokenStoreInfo& info, const std::vector<TokenizedSplit>& splits);

// A batch of rows, padded to the longest row of the batch (not of the file).
struct TokenBatch {
  std::vector<std::int64_t> rows;       // which rows of the split, in the requested order
  std::int64_t max_length = 0;          // columns of input_ids / mask
  std::vector<std::int64_t> input_ids;  // [rows.size() * max_length], row-major
  std::vector<std::int64_t> attention_mask;
  std::vector<std::int64_t> labels;
};

class TokenStoreReader {
 public:
  explicit TokenStoreReader(const std::string& path);  // validates format and attributes; InputError naming the file
  ~TokenStoreReader();
  TokenStoreReader(const TokenStoreReader&) = delete;
  TokenStoreReader& operator=(const TokenStoreReader&) = delete;

  const TokenStoreInfo& info() const { return info_; }
  bool has_split(const std::string& split) const;
  std::int64_t num_examples(const std::string& split) const;
  std::int64_t max_length(const std::string& split) const;
  std::vector<std::int32_t> labels(const std::string& split) const;
  std::vector<std::int32_t> lengths(const std::string& split) const;
  // Reads exactly these rows (one HDF5 read for all of them) and pads to their longest.
  TokenBatch read_rows(const std::string& split, const std::vector<std::int64_t>& rows) const;
  // Base spans of the given rows ([rows * max_length(split)] each); empty when the split has none.
  bool has_spans(const std::string& split) const;
  void read_spans(const std::string& split, const std::vector<std::int64_t>& rows, std::vector<std::int32_t>& begin,
                  std::vector<std::int32_t>& end) const;
  // The DNA of every row of the split.
  std::vector<std::string> sequences(const std::string& split) const;
  std::vector<std::int32_t> num_bases(const std::string& split) const;  // bases of every row
  // The root attribute expression_stats_tsv; empty when the file has none.
  std::string expression_stats_tsv() const;
  const std::string& path() const { return path_; }

 private:
  // Type and storage of a dataset checked once before its first H5Dread (hdf5_dataset_check.h).
  void check_dataset(std::int64_t dataset, const std::string& name) const;
  std::vector<std::int32_t> read_vector(const std::string& name, std::int64_t n) const;
  std::vector<std::int32_t> read_matrix_rows(const std::string& dataset, const std::vector<std::int64_t>& rows,
                                             std::int64_t width) const;
  std::string path_;
  std::int64_t file_ = -1;
  TokenStoreInfo info_;
  mutable std::mutex checked_mutex_;
  mutable std::set<std::string> checked_datasets_;
};

}  // namespace lnc::data
