#include "data/sequences/labeled_csv.h"


#include "base/input_error.h"
#include "base/line_reader.h"
#include "data/sequences/dna_alphabet.h"

namespace lnc::data {

LabeledSequences read_labeled_csv(const std::string& path) {
  LabeledSequences out;
  out.path = path;
  LineReader reader(path);
  std::string line;
  if (!reader.next(line)) throw InputError(path, 1, "", "empty file (expected a header `sequence,label`)");
  if (line.rfind("sequence,label", 0) != 0)
    throw InputError(path, 1, "", "header must start with `sequence,label` (GUE format), got `" + line.substr(0, 60) + "`");
  while (reader.next(line)) {
    if (line.empty()) continue;
    const auto comma = line.find(',');
    if (comma == std::string::npos) throw InputError(path, reader.line_number(), "", "expected `sequence,label`");
    std::string seq;
    append_upper_dna(std::string_view(line).substr(0, comma), seq, path, reader.line_number());
    const auto next = line.find(',', comma + 1);
    std::string label_text = line.substr(comma + 1, next == std::string::npos ? std::string::npos : next - comma - 1);
    if (seq.empty()) throw InputError(path, reader.line_number(), "", "empty sequence");
    char* end = nullptr;
    long label = std::strtol(label_text.c_str(), &end, 10);
    if (label_text.empty() || *end != '\0' || label < 0)
      throw InputError(path, reader.line_number(), "", "label must be a non-negative integer, got `" + label_text + "`");
    out.sequences.push_back(std::move(seq));
    out.labels.push_back(static_cast<std::int32_t>(label));
    out.lines.push_back(reader.line_number());
  }
  if (out.sequences.empty()) throw InputError(path, 0, "", "no examples after the header");
  return out;
}

}  // namespace lnc::data
