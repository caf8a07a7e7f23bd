#pragma once
// Reads a FASTA file (plain or gzip): '>' header lines, each followed by one or more sequence lines.
// The name is the header's first whitespace-separated word. Sequences are upper-cased and must hold only
// A C G T N (either case). Errors name the file and line: a sequence line before any header, a character that
// is not a base, a header with an empty name or no sequence, a file with no record. Blank lines are allowed.
#include <string>
#include <vector>

#include "data/sequences/sequence_record.h"

namespace lnc::data {

std::vector<SequenceRecord> read_fasta_sequences(const std::string& path);

}  // namespace lnc::data
