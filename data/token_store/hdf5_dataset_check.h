#pragma once
// Checks a dataset's type and storage before lnctrain reads it with H5Dread. Why: libhdf5 1.10 (Debian's 1.10.8)
// trusts a file's chunk data: a deflated chunk that inflates to fewer bytes than the chunk holds is copied as if
// it were full, reading past libhdf5's own buffer (heap overflow found by fuzzing; tests/fuzz/findings/README.md).
// Accepted is what the token store writer writes, and no more:
//   - an integer element type of 1, 2, 4 or 8 bytes;
//   - contiguous or compact storage, or chunked storage whose only filters are shuffle and deflate;
//   - for a chunked dataset, every stored chunk no larger than the file, and inflating (when deflated) to exactly
//     the chunk's size; a chunk stored unfiltered must be exactly the chunk's size.
// Every chunk is read and inflated once (zlib); callers cache the result per dataset (TokenStoreReader does).
// Anything else: InputError naming the file and the dataset as key.
#include <hdf5.h>

#include <string>

namespace lnc::data::hdf5 {

void check_dataset_storage(hid_t dataset, const std::string& file, const std::string& name);

}  // namespace lnc::data::hdf5
