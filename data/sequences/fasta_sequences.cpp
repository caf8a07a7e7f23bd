#include "data/sequences/fasta_sequences.h"

#include "base/input_error.h"
#include "base/line_reader.h"
#include "data/sequences/dna_alphabet.h"

namespace lnc::data {

std::vector<SequenceRecord> read_fasta_sequences(const std::string& path) {
  std::vector<SequenceRecord> records;
  LineReader reader(path);
  std::string line;
  auto finish_record = [&] {
    if (!records.empty() && records.back().sequence.empty())
      throw InputError(path, records.back().line, "", "FASTA record '" + records.back().name + "' has no sequence");
  };
  while (reader.next(line)) {
    if (line.empty()) continue;
    if (line[0] == '>') {
      finish_record();
      const auto begin = line.find_first_not_of(" \t", 1);
      const auto end = begin == std::string::npos ? begin : line.find_first_of(" \t", begin);
      if (begin == std::string::npos)
        throw InputError(path, reader.line_number(), "", "FASTA header has no name");
      records.push_back({line.substr(begin, end == std::string::npos ? std::string::npos : end - begin), "",
                         reader.line_number()});
      continue;
    }
    if (records.empty())
      throw InputError(path, reader.line_number(), "", "sequence line before the first '>' header (not a FASTA file?)");
    append_upper_dna(line, records.back().sequence, path, reader.line_number());
  }
  finish_record();
  if (records.empty()) throw InputError(path, 0, "", "FASTA file holds no records");
  return records;
}

}  // namespace lnc::data
