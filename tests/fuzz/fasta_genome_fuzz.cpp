// Fuzzes the genome FASTA path through HTSlib faidx (data/genome/fasta_genome.cpp): index building, then a
// fetch of every sequence's first and last bases. HTSlib itself is not instrumented. Bad input: lnc::InputError.
#include <unistd.h>

#include "data/genome/fasta_genome.h"
#include "base/input_error.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lnc::fuzz::write_input(data, size, "genome.fa");
  ::unlink((path + ".fai").c_str());  // else the index of the previous input would be reused
  ::unlink((path + ".gzi").c_str());
  try {
    lnc::data::FastaGenome genome(path);
    for (const std::string& name : genome.names()) {
      const std::int64_t length = genome.length(name);
      if (length > 0) {
        (void)genome.fetch(name, 1, std::min<std::int64_t>(length, 10));
        (void)genome.fetch(name, length, length);
      }
    }
    (void)genome.reconcile({"1", "chrM", "MT", "X"});
  } catch (const lnc::InputError&) {
  }
  return 0;
}
