#include "data/genome/gue_positives.h"

#include <cctype>
#include <unordered_set>

#include "data/genome/promoter_rows.h"
#include "base/input_error.h"
#include "base/line_reader.h"

namespace lnc::data {

GuePositives read_gue_positives(const std::vector<std::string>& paths, double n_max_fraction) {
  GuePositives out;
  std::unordered_set<std::string> seen;
  std::string first_path;
  for (const std::string& path : paths) {
    LineReader in(path);
    std::string line;
    if (!in.next(line) || line.rfind("sequence,label", 0) != 0)
      throw InputError(path, 1, "", "GUE CSV must start with the header 'sequence,label'");
    while (in.next(line)) {
      if (line.empty()) continue;
      std::size_t comma = line.find(',');
      if (comma == std::string::npos)
        throw InputError(path, in.line_number(), "", "GUE row needs 'sequence,label'");
      std::size_t end = line.find(',', comma + 1);
      std::string label = line.substr(comma + 1, end == std::string::npos ? std::string::npos : end - comma - 1);
      if (label != "0" && label != "1")
        throw InputError(path, in.line_number(), "", "GUE label '" + label + "' is not 0 or 1");
      if (label != "1") continue;
      std::string seq = line.substr(0, comma);
      for (char& c : seq) {
        if (!std::isalpha(static_cast<unsigned char>(c)))
          throw InputError(path, in.line_number(), "", "GUE sequence holds a non-letter character");
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      if (seq.empty()) throw InputError(path, in.line_number(), "", "GUE sequence is empty");
      if (out.sequence_length == 0) {
        out.sequence_length = static_cast<std::int64_t>(seq.size());
        first_path = path;
      } else if (static_cast<std::int64_t>(seq.size()) != out.sequence_length) {
        throw InputError(path, in.line_number(), "", "GUE sequence has length " + std::to_string(seq.size()) +
                                                         ", earlier ones (" + first_path + ") have " +
                                                         std::to_string(out.sequence_length));
      }
      if (normalise_ambiguous(seq) > max_ambiguous_bases(n_max_fraction, out.sequence_length)) {
        ++out.skips["too_many_n"];
        continue;
      }
      if (!seen.insert(seq).second) {
        ++out.skips["duplicate_sequence"];
        continue;
      }
      DatasetRow row;
      row.label = 1;
      row.sequence = std::move(seq);
      out.rows.push_back(std::move(row));
    }
  }
  if (out.rows.empty()) throw InputError(paths.empty() ? "" : paths.front(), 0, "", "GUE CSVs hold no label-1 rows");
  return out;
}

}  // namespace lnc::data
