#pragma once
// Reads the sequences of a user input file, whichever of the two accepted forms it is:
//   FASTA: name ends in .fa .fasta .fna (optionally .gz), or the first non-blank line starts with '>'
//          (fasta_sequences.h);
//   CSV:   otherwise; a header line naming a `sequence` column (other columns are ignored, e.g. GUE's `label`),
//          then one row per sequence with exactly the header's number of comma-separated fields. Quoted fields
//          are not supported (an InputError says so). Blank lines are allowed. Plain or gzip.
// Sequences come back upper-cased and validated to A C G T N; every error names the file and line.
#include <string>
#include <vector>

#include "data/sequences/sequence_record.h"

namespace lnc::data {

std::vector<SequenceRecord> read_sequences(const std::string& path);
std::vector<SequenceRecord> read_csv_sequences(const std::string& path);

}  // namespace lnc::data
