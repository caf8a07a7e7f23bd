#include "data/token_store/hdf5_dataset_check.h"

#include <zlib.h>

#include <vector>

#include "base/input_error.h"
#include "data/token_store/hdf5_util.h"

namespace lnc::data::hdf5 {
namespace {

// Inflates a zlib stream into exactly `expected` bytes; false if it ends early, runs longer or is corrupt.
bool inflates_to(const std::vector<unsigned char>& stored, size_t expected) {
  std::vector<unsigned char> out(expected + 1);  // one spare byte: a longer stream fills it
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return false;
  z.next_in = const_cast<unsigned char*>(stored.data());
  z.avail_in = static_cast<uInt>(stored.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  const size_t produced = z.total_out;
  inflateEnd(&z);
  return rc == Z_STREAM_END && produced == expected;
}

}  // namespace

void check_dataset_storage(hid_t dataset, const std::string& file, const std::string& name) {
  auto fail = [&](const std::string& why) { throw InputError(file, 0, name, why + " (corrupt token file?)"); };
  Handle type(H5Dget_type(dataset));
  const size_t type_size = type.valid() ? H5Tget_size(type) : 0;
  if (!type.valid() || H5Tget_class(type) != H5T_INTEGER ||
      (type_size != 1 && type_size != 2 && type_size != 4 && type_size != 8))
    fail("is not stored as 1-, 2-, 4- or 8-byte integers");
  Handle dcpl(H5Dget_create_plist(dataset));
  if (!dcpl.valid()) fail("has an unreadable creation property list");
  const H5D_layout_t layout = H5Pget_layout(dcpl);
  if (layout == H5D_CONTIGUOUS || layout == H5D_COMPACT) return;
  if (layout != H5D_CHUNKED) fail("has an unsupported storage layout");

  Handle space(H5Dget_space(dataset));
  const int rank = space.valid() ? H5Sget_simple_extent_ndims(space) : -1;
  if (rank < 1 || rank > 2) fail("has an unsupported rank");
  hsize_t chunk_dims[2] = {0, 0};
  if (H5Pget_chunk(dcpl, rank, chunk_dims) != rank) fail("has unreadable chunk dimensions");
  hsize_t chunk_bytes = type_size;
  for (int d = 0; d < rank; ++d) {
    if (chunk_dims[d] == 0 || chunk_dims[d] > (hsize_t{1} << 30) / chunk_bytes) fail("has an implausible chunk size");
    chunk_bytes *= chunk_dims[d];
  }
  bool deflated = false;
  const int nfilters = H5Pget_nfilters(dcpl);
  if (nfilters < 0) fail("has an unreadable filter pipeline");
  int deflate_index = -1;
  for (int i = 0; i < nfilters; ++i) {
    unsigned flags = 0, values[8];
    size_t nvalues = 8;
    char filter_name[64];
    const H5Z_filter_t id = H5Pget_filter2(dcpl, static_cast<unsigned>(i), &flags, &nvalues, values,
                                           sizeof filter_name, filter_name, nullptr);
    if (id == H5Z_FILTER_DEFLATE) {
      deflated = true;
      deflate_index = i;
    } else if (id != H5Z_FILTER_SHUFFLE) {
      fail("uses HDF5 filter " + std::to_string(id) + " (the token store writes only shuffle and deflate)");
    }
  }

  hid_t file_id = H5Iget_file_id(dataset);
  hsize_t file_size = 0;
  const bool sized = file_id >= 0 && H5Fget_filesize(file_id, &file_size) >= 0;
  if (file_id >= 0) H5Fclose(file_id);
  if (!sized) fail("cannot determine the file size");
  hsize_t nchunks = 0;
  // (libhdf5 1.10.8 refuses H5S_ALL here: the dataset's own dataspace selects all chunks)
  if (H5Dget_num_chunks(dataset, space, &nchunks) < 0) fail("has an unreadable chunk index");
  std::vector<unsigned char> stored;
  for (hsize_t i = 0; i < nchunks; ++i) {
    hsize_t offset[2] = {0, 0}, size = 0;
    haddr_t address = 0;
    unsigned filter_mask = 0;
    if (H5Dget_chunk_info(dataset, space, i, offset, &filter_mask, &address, &size) < 0)
      fail("has an unreadable chunk index entry");
    // H5Dread_chunk writes as many bytes as the index holds for this offset: size the buffer from that lookup.
    if (H5Dget_chunk_storage_size(dataset, offset, &size) < 0) fail("has an unreadable chunk index entry");
    if (size == 0 || size > file_size) fail("has a chunk of " + std::to_string(size) + " bytes in a smaller file");
    stored.resize(size);
    uint32_t read_mask = 0;
    if (H5Dread_chunk(dataset, H5P_DEFAULT, offset, &read_mask, stored.data()) < 0) fail("has an unreadable chunk");
    const bool inflate_chunk = deflated && !(read_mask & (1u << deflate_index));
    if (inflate_chunk ? !inflates_to(stored, chunk_bytes) : size != chunk_bytes)
      fail("has a chunk (at row " + std::to_string(offset[0]) + ") that does not hold " + std::to_string(chunk_bytes) +
           " bytes");
  }
}

}  // namespace lnc::data::hdf5
