#pragma once
// The HDF5 library's version as it runs (H5get_libversion), "1.14.5": recorded in each run's provenance
// (results/store/run_provenance.h).
#include <string>

namespace lnc::data {

std::string hdf5_version();

}  // namespace lnc::data
