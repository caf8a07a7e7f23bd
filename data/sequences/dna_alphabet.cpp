#include "data/sequences/dna_alphabet.h"

#include <cstdio>

#include "base/input_error.h"

namespace lnc::data {

namespace {

std::string describe(char c) {
  if (c >= 0x21 && c < 0x7f) return std::string("'") + c + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02X", static_cast<unsigned char>(c));
  return c == ' ' ? "a space" : c == '\t' ? "a tab" : buf;
}

}  // namespace

void append_upper_dna(std::string_view bases, std::string& out, const std::string& file, long line,
                      long first_column) {
  out.reserve(out.size() + bases.size());
  for (std::size_t i = 0; i < bases.size(); ++i) {
    char c = bases[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != 'A' && c != 'C' && c != 'G' && c != 'T' && c != 'N')
      throw InputError(file, line, "",
                       "column " + std::to_string(first_column + static_cast<long>(i)) + ": " + describe(bases[i]) +
                           " is not a base (sequences may only hold A, C, G, T, N, in either case)");
    out.push_back(c);
  }
}

}  // namespace lnc::data
