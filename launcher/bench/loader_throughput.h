#pragma once
// Data-loader throughput for `lnctrain bench`: writes a token file of `rows` random rows of `length` tokens
// (lengths drawn in [length/2, length], as real splits vary) and times TokenStoreReader::read_rows over one
// epoch of shuffled global batches of `batch` rows, the trainer's access pattern. No torch here.
#include <cstdint>
#include <string>

namespace lnc::launcher {

struct LoaderThroughput {
  std::int64_t rows = 0, batches = 0, tokens = 0;  // tokens: real (unpadded) tokens read
  double seconds = 0;
};

LoaderThroughput measure_loader_throughput(const std::string& scratch_file, std::int64_t rows, std::int64_t length,
                                           std::int64_t batch, std::uint64_t seed);

}  // namespace lnc::launcher
