// Writer of the token store; the layout is documented in token_store.h.
#include <algorithm>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "data/token_store/hdf5_util.h"
#include "data/token_store/token_store.h"

namespace lnc::data {
namespace {

using hdf5::Handle;

void write_matrix(hid_t group, const std::string& name, const std::vector<std::vector<std::int32_t>>& rows,
                  std::int64_t width, std::int32_t fill, const std::string& path) {
  const auto n = static_cast<hsize_t>(rows.size());
  std::vector<std::int32_t> flat(static_cast<size_t>(n * width), fill);
  for (size_t i = 0; i < rows.size(); ++i) std::copy(rows[i].begin(), rows[i].end(), flat.begin() + i * width);
  hsize_t dims[2] = {n, static_cast<hsize_t>(width)};
  Handle space(H5Screate_simple(2, dims, nullptr));
  Handle plist(H5Pcreate(H5P_DATASET_CREATE));
  if (n > 0 && width > 0) {
    hsize_t chunk[2] = {std::min<hsize_t>(n, 256), dims[1]};
    H5Pset_chunk(plist, 2, chunk);
    H5Pset_shuffle(plist);
    H5Pset_deflate(plist, 1);
  }
  Handle ds(H5Dcreate2(group, name.c_str(), H5T_STD_I32LE, space, H5P_DEFAULT, plist, H5P_DEFAULT));
  if (!ds.valid() || (n > 0 && H5Dwrite(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, flat.data()) < 0))
    throw InputError(path, 0, "", "cannot write HDF5 dataset " + name);
}

void write_vector(hid_t group, const std::string& name, const std::vector<std::int32_t>& values,
                  const std::string& path) {
  hsize_t dims[1] = {values.size()};
  Handle space(H5Screate_simple(1, dims, nullptr));
  Handle ds(H5Dcreate2(group, name.c_str(), H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  if (!ds.valid() ||
      (!values.empty() && H5Dwrite(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0))
    throw InputError(path, 0, "", "cannot write HDF5 dataset " + name);
}

void write_sequences(hid_t group, const std::vector<std::string>& sequences, const std::string& path) {
  size_t width = 0;
  std::vector<std::int32_t> num_bases;
  for (const auto& s : sequences) {
    width = std::max(width, s.size());
    num_bases.push_back(static_cast<std::int32_t>(s.size()));
  }
  std::vector<unsigned char> flat(sequences.size() * width, 0);
  for (size_t i = 0; i < sequences.size(); ++i) std::copy(sequences[i].begin(), sequences[i].end(), flat.begin() + i * width);
  hsize_t dims[2] = {sequences.size(), width};
  Handle space(H5Screate_simple(2, dims, nullptr));
  Handle plist(H5Pcreate(H5P_DATASET_CREATE));
  if (!sequences.empty() && width > 0) {
    hsize_t chunk[2] = {std::min<hsize_t>(dims[0], 256), dims[1]};
    H5Pset_chunk(plist, 2, chunk);
    H5Pset_deflate(plist, 1);
  }
  Handle ds(H5Dcreate2(group, "sequences", H5T_STD_U8LE, space, H5P_DEFAULT, plist, H5P_DEFAULT));
  if (!ds.valid() || (!flat.empty() && H5Dwrite(ds, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, flat.data()) < 0))
    throw InputError(path, 0, "", "cannot write HDF5 dataset sequences");
  write_vector(group, "num_bases", num_bases, path);
}

}  // namespace

void write_token_store(const std::string& path, const TokenStoreInfo& info, const std::vector<TokenizedSplit>& splits) {
  hdf5::silence_errors();
  AtomicFile out(path);
  {
    Handle file(H5Fcreate(out.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    if (!file.valid()) throw InputError(path, 0, "", "cannot create HDF5 file (directory missing or read-only?)");
    hdf5::write_string_attribute(file, "format", "lnctrain-tokens");
    hdf5::write_int_attribute(file, "format_version", 1);
    hdf5::write_string_attribute(file, "dataset", info.dataset);
    hdf5::write_string_attribute(file, "tokenizer", info.tokenizer);
    hdf5::write_int_attribute(file, "k", info.k);
    hdf5::write_int_attribute(file, "vocab_size", info.vocab_size);
    hdf5::write_int_attribute(file, "pad_id", info.pad_id);
    hdf5::write_string_attribute(file, "vocab_sha256", info.vocab_sha256);
    if (!info.expression_stats_tsv.empty())
      hdf5::write_string_attribute(file, "expression_stats_tsv", info.expression_stats_tsv);
    for (const auto& split : splits) {
      if (split.labels.size() != split.ids.size() || split.sequences.size() != split.ids.size())
        throw std::invalid_argument("write_token_store: labels, sequences and ids differ in length for " + split.name);
      Handle group(H5Gcreate2(file, split.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
      if (!group.valid()) throw InputError(path, 0, "", "cannot create HDF5 group " + split.name);
      std::int64_t width = 0;
      std::vector<std::int32_t> lengths;
      for (const auto& row : split.ids) {
        width = std::max<std::int64_t>(width, static_cast<std::int64_t>(row.size()));
        lengths.push_back(static_cast<std::int32_t>(row.size()));
      }
      hdf5::write_string_attribute(group, "source_file", split.source_file);
      hdf5::write_string_attribute(group, "source_sha256", split.source_sha256);
      hdf5::write_int_attribute(group, "num_examples", static_cast<std::int64_t>(split.ids.size()));
      hdf5::write_int_attribute(group, "max_length", width);
      write_matrix(group, "input_ids", split.ids, width, info.pad_id, path);
      write_vector(group, "lengths", lengths, path);
      write_vector(group, "labels", split.labels, path);
      write_sequences(group, split.sequences, path);
      if (split.with_spans) {
        write_matrix(group, "base_begin", split.base_begin, width, -1, path);
        write_matrix(group, "base_end", split.base_end, width, -1, path);
      }
    }
    if (H5Fflush(file, H5F_SCOPE_GLOBAL) < 0) throw InputError(path, 0, "", "cannot flush HDF5 file (disk full?)");
  }
  out.commit();
}

}  // namespace lnc::data
