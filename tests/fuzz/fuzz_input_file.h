#pragma once
// Shared by the fuzz targets: the project's parsers take paths, so each input is written to one scratch file
// per process (reused across iterations: the fuzzer runs millions of inputs, a file per input would flood /tmp).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace lnc::fuzz {

inline std::string scratch_dir() {
  static const std::string dir = [] {
    const char* base = std::getenv("TMPDIR");
    std::string d = std::string(base && *base ? base : "/tmp") + "/lnc_fuzz_" + std::to_string(::getpid());
    std::string cmd = "mkdir -p '" + d + "'";
    if (std::system(cmd.c_str()) != 0) std::abort();
    return d;
  }();
  return dir;
}

// Writes the input under `name` (the extension matters to readers that pick a format by it) and returns the path.
inline std::string write_input(const std::uint8_t* data, std::size_t size, const std::string& name) {
  std::string path = scratch_dir() + "/" + name;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  return path;
}

}  // namespace lnc::fuzz
