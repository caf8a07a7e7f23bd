#pragma once
// One input sequence as the readers hand it on: upper-case A C G T N only.
#include <string>

namespace lnc::data {

struct SequenceRecord {
  std::string name;      // FASTA: the header's first word; CSV: empty
  std::string sequence;  // upper-cased, validated to A C G T N
  long line = 0;         // 1-based line of the FASTA header or the CSV row, for messages
};

}  // namespace lnc::data
