#include "data/sequences/sequence_input.h"

#include <algorithm>
#include <cctype>

#include "base/input_error.h"
#include "base/line_reader.h"
#include "base/strings.h"
#include "data/sequences/dna_alphabet.h"
#include "data/sequences/fasta_sequences.h"

namespace lnc::data {

namespace {

bool has_fasta_extension(std::string path) {
  std::transform(path.begin(), path.end(), path.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ends_with(path, ".gz")) path.resize(path.size() - 3);
  return ends_with(path, ".fa") || ends_with(path, ".fasta") || ends_with(path, ".fna");
}

bool starts_like_fasta(const std::string& path) {
  LineReader reader(path);
  std::string line;
  while (reader.next(line))
    if (!line.empty()) return line[0] == '>';
  return false;
}

std::vector<std::string_view> split_commas(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t begin = 0;
  while (true) {
    const auto comma = line.find(',', begin);
    fields.push_back(line.substr(begin, comma == std::string_view::npos ? std::string_view::npos : comma - begin));
    if (comma == std::string_view::npos) return fields;
    begin = comma + 1;
  }
}

}  // namespace

std::vector<SequenceRecord> read_csv_sequences(const std::string& path) {
  LineReader reader(path);
  std::string line;
  std::size_t n_fields = 0, sequence_column = 0;
  bool have_header = false;
  std::vector<SequenceRecord> records;
  while (reader.next(line)) {
    if (line.empty()) continue;
    if (line.find('"') != std::string::npos)
      throw InputError(path, reader.line_number(), "", "quoted CSV fields are not supported");
    const auto fields = split_commas(line);
    if (!have_header) {
      auto it = std::find(fields.begin(), fields.end(), std::string_view("sequence"));
      if (it == fields.end())
        throw InputError(path, reader.line_number(), "",
                         "CSV header has no 'sequence' column (expected e.g. 'sequence,label'; or give a FASTA file)");
      n_fields = fields.size();
      sequence_column = static_cast<std::size_t>(it - fields.begin());
      have_header = true;
      continue;
    }
    if (fields.size() != n_fields)
      throw InputError(path, reader.line_number(), "",
                       "row has " + std::to_string(fields.size()) + " fields, the header has " + std::to_string(n_fields));
    SequenceRecord record{"", "", reader.line_number()};
    const auto column = static_cast<long>(fields[sequence_column].data() - line.data()) + 1;
    append_upper_dna(fields[sequence_column], record.sequence, path, reader.line_number(), column);
    if (record.sequence.empty()) throw InputError(path, reader.line_number(), "sequence", "empty sequence");
    records.push_back(std::move(record));
  }
  if (!have_header) throw InputError(path, 0, "", "file is empty (expected FASTA or CSV with a 'sequence' column)");
  return records;
}

std::vector<SequenceRecord> read_sequences(const std::string& path) {
  if (has_fasta_extension(path) || starts_like_fasta(path)) return read_fasta_sequences(path);
  return read_csv_sequences(path);
}

}  // namespace lnc::data
