#pragma once
// Splits one line of a tab-separated file into its fields (empty fields kept), for the GTF and GCT readers.
#include <string>
#include <vector>

namespace lnc {

inline std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t tab = line.find('\t', pos);
    out.push_back(line.substr(pos, tab == std::string::npos ? std::string::npos : tab - pos));
    if (tab == std::string::npos) break;
    pos = tab + 1;
  }
  return out;
}

}  // namespace lnc
