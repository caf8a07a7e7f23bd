// Reader of the token store; the layout is documented in token_store.h.
#include <algorithm>
#include <numeric>

#include "base/input_error.h"
#include "data/token_store/hdf5_dataset_check.h"
#include "data/token_store/hdf5_util.h"
#include "data/token_store/token_store.h"

namespace lnc::data {

using hdf5::Handle;

TokenStoreReader::TokenStoreReader(const std::string& path) : path_(path) {
  hdf5::silence_errors();
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path, 0, "", "not an HDF5 file (missing, truncated or corrupt)");
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0) throw InputError(path, 0, "", "cannot open HDF5 file");
  try {
    if (hdf5::read_string_attribute(file_, "format", path) != "lnctrain-tokens")
      throw InputError(path, 0, "format", "not an lnctrain token file");
    auto version = hdf5::read_int_attribute(file_, "format_version", path);
    if (version != 1) throw InputError(path, 0, "format_version", "unsupported token file version " + std::to_string(version));
    info_.dataset = hdf5::read_string_attribute(file_, "dataset", path);
    info_.tokenizer = hdf5::read_string_attribute(file_, "tokenizer", path);
    info_.vocab_sha256 = hdf5::read_string_attribute(file_, "vocab_sha256", path);
    info_.k = static_cast<int>(hdf5::read_int_attribute(file_, "k", path));
    info_.vocab_size = static_cast<int>(hdf5::read_int_attribute(file_, "vocab_size", path));
    info_.pad_id = static_cast<int>(hdf5::read_int_attribute(file_, "pad_id", path));
    if (hdf5::has_attribute(file_, "expression_stats_tsv"))
      info_.expression_stats_tsv = hdf5::read_string_attribute(file_, "expression_stats_tsv", path);
  } catch (...) {
    H5Fclose(file_);
    throw;
  }
}

TokenStoreReader::~TokenStoreReader() {
  if (file_ >= 0) H5Fclose(file_);
}

bool TokenStoreReader::has_split(const std::string& split) const {
  return H5Lexists(file_, split.c_str(), H5P_DEFAULT) > 0;
}

std::int64_t TokenStoreReader::num_examples(const std::string& split) const {
  if (!has_split(split)) throw InputError(path_, 0, split, "token file has no such split");
  Handle g(H5Gopen2(file_, split.c_str(), H5P_DEFAULT));
  return hdf5::read_int_attribute(g, "num_examples", path_);
}

std::int64_t TokenStoreReader::max_length(const std::string& split) const {
  Handle g(H5Gopen2(file_, split.c_str(), H5P_DEFAULT));
  return hdf5::read_int_attribute(g, "max_length", path_);
}

void TokenStoreReader::check_dataset(std::int64_t dataset, const std::string& name) const {
  std::lock_guard<std::mutex> lock(checked_mutex_);
  if (checked_datasets_.count(name)) return;
  hdf5::check_dataset_storage(dataset, path_, name);
  checked_datasets_.insert(name);
}

std::vector<std::int32_t> TokenStoreReader::read_vector(const std::string& name, std::int64_t n) const {
  Handle ds(H5Dopen2(file_, name.c_str(), H5P_DEFAULT));
  if (!ds.valid()) throw InputError(path_, 0, name, "dataset missing from token file");
  Handle space(H5Dget_space(ds));
  hsize_t dims[1] = {0};
  if (H5Sget_simple_extent_ndims(space) != 1 || (H5Sget_simple_extent_dims(space, dims, nullptr), dims[0]) !=
                                                     static_cast<hsize_t>(n))
    throw InputError(path_, 0, name, "has the wrong shape (expected " + std::to_string(n) + " values)");
  std::vector<std::int32_t> out(static_cast<size_t>(n));
  check_dataset(ds, name);
  if (n > 0 && H5Dread(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
    throw InputError(path_, 0, name, "cannot read (truncated or corrupt file?)");
  return out;
}

std::vector<std::int32_t> TokenStoreReader::labels(const std::string& split) const {
  return read_vector(split + "/labels", num_examples(split));
}

std::vector<std::int32_t> TokenStoreReader::lengths(const std::string& split) const {
  return read_vector(split + "/lengths", num_examples(split));
}

bool TokenStoreReader::has_spans(const std::string& split) const {
  return H5Lexists(file_, (split + "/base_begin").c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::int32_t> TokenStoreReader::read_matrix_rows(const std::string& name,
                                                             const std::vector<std::int64_t>& rows,
                                                             std::int64_t width) const {
  Handle ds(H5Dopen2(file_, name.c_str(), H5P_DEFAULT));
  if (!ds.valid()) throw InputError(path_, 0, name, "dataset missing from token file");
  Handle space(H5Dget_space(ds));
  hsize_t dims[2] = {0, 0};
  if (H5Sget_simple_extent_ndims(space) != 2) throw InputError(path_, 0, name, "must be a 2-D dataset");
  H5Sget_simple_extent_dims(space, dims, nullptr);
  if (static_cast<std::int64_t>(dims[1]) != width) throw InputError(path_, 0, name, "width differs from max_length");
  // Select all requested rows (sorted, one hyperslab each) and read them with one H5Dread.
  std::vector<std::int64_t> sorted(rows);
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  H5Sselect_none(space);
  for (auto r : sorted) {
    if (r < 0) throw std::out_of_range("token store row out of range");
    if (static_cast<hsize_t>(r) >= dims[0])  // rows come from num_examples: a shorter dataset is a bad file
      throw InputError(path_, 0, name, "has " + std::to_string(dims[0]) + " rows, row " + std::to_string(r) +
                                           " requested (num_examples disagrees with the data)");
    hsize_t start[2] = {static_cast<hsize_t>(r), 0}, count[2] = {1, dims[1]};
    H5Sselect_hyperslab(space, H5S_SELECT_OR, start, nullptr, count, nullptr);
  }
  check_dataset(ds, name);
  std::vector<std::int32_t> block(sorted.size() * static_cast<size_t>(width));
  hsize_t mem_dims[1] = {block.size()};
  Handle mem(H5Screate_simple(1, mem_dims, nullptr));
  if (!block.empty() && H5Dread(ds, H5T_NATIVE_INT32, mem, space, H5P_DEFAULT, block.data()) < 0)
    throw InputError(path_, 0, name, "cannot read rows (truncated or corrupt file?)");
  // Back to the requested order.
  std::vector<std::int32_t> out(rows.size() * static_cast<size_t>(width));
  for (size_t i = 0; i < rows.size(); ++i) {
    auto pos = std::lower_bound(sorted.begin(), sorted.end(), rows[i]) - sorted.begin();
    std::copy_n(block.begin() + pos * width, width, out.begin() + static_cast<std::int64_t>(i) * width);
  }
  return out;
}

TokenBatch TokenStoreReader::read_rows(const std::string& split, const std::vector<std::int64_t>& rows) const {
  TokenBatch batch;
  batch.rows = rows;
  if (rows.empty()) return batch;
  const std::int64_t width = max_length(split);
  auto all_lengths = lengths(split);
  auto all_labels = labels(split);
  auto ids = read_matrix_rows(split + "/input_ids", rows, width);
  // lengths come from the file: each must fit its row, or the copy below would read past it.
  std::int64_t longest = 0;
  for (auto r : rows) {
    if (r < 0 || static_cast<size_t>(r) >= all_lengths.size()) throw std::out_of_range("token store row out of range");
    const std::int64_t len = all_lengths[static_cast<size_t>(r)];
    if (len < 0 || len > width)
      throw InputError(path_, 0, split + "/lengths", "row " + std::to_string(r) + " has length " + std::to_string(len) +
                                                         ", outside 0.." + std::to_string(width) + " (max_length)");
    longest = std::max(longest, len);
  }
  batch.max_length = longest;
  batch.input_ids.assign(rows.size() * static_cast<size_t>(longest), info_.pad_id);
  batch.attention_mask.assign(rows.size() * static_cast<size_t>(longest), 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::int64_t len = all_lengths[static_cast<size_t>(rows[i])];
    for (std::int64_t j = 0; j < len; ++j) {
      batch.input_ids[i * longest + j] = ids[i * width + j];
      batch.attention_mask[i * longest + j] = 1;
    }
    batch.labels.push_back(all_labels[static_cast<size_t>(rows[i])]);
  }
  return batch;
}

std::vector<std::int32_t> TokenStoreReader::num_bases(const std::string& split) const {
  return read_vector(split + "/num_bases", num_examples(split));
}

std::string TokenStoreReader::expression_stats_tsv() const {
  return info_.expression_stats_tsv;
}

std::vector<std::string> TokenStoreReader::sequences(const std::string& split) const {
  const std::int64_t n = num_examples(split);
  auto counts = read_vector(split + "/num_bases", n);
  Handle ds(H5Dopen2(file_, (split + "/sequences").c_str(), H5P_DEFAULT));
  if (!ds.valid()) throw InputError(path_, 0, split + "/sequences", "dataset missing from token file");
  Handle space(H5Dget_space(ds));
  hsize_t dims[2] = {0, 0};
  if (H5Sget_simple_extent_ndims(space) != 2 || (H5Sget_simple_extent_dims(space, dims, nullptr), dims[0]) !=
                                                     static_cast<hsize_t>(n))
    throw InputError(path_, 0, split + "/sequences", "has the wrong shape");
  check_dataset(ds, split + "/sequences");
  std::vector<unsigned char> flat(dims[0] * dims[1]);
  if (!flat.empty() && H5Dread(ds, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, flat.data()) < 0)
    throw InputError(path_, 0, split + "/sequences", "cannot read (truncated or corrupt file?)");
  std::vector<std::string> out;
  for (std::int64_t i = 0; i < n; ++i) {
    const auto len = static_cast<size_t>(counts[static_cast<size_t>(i)]);
    if (len > dims[1]) throw InputError(path_, 0, split + "/num_bases", "longer than the stored sequences");
    out.emplace_back(reinterpret_cast<const char*>(flat.data() + static_cast<size_t>(i) * dims[1]), len);
  }
  return out;
}

void TokenStoreReader::read_spans(const std::string& split, const std::vector<std::int64_t>& rows,
                                  std::vector<std::int32_t>& begin, std::vector<std::int32_t>& end) const {
  const std::int64_t width = max_length(split);
  begin = read_matrix_rows(split + "/base_begin", rows, width);
  end = read_matrix_rows(split + "/base_end", rows, width);
}

}  // namespace lnc::data
