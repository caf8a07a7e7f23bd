#pragma once
// The one place where input DNA is case-folded: lnctrain upper-cases sequences where it reads input files, so that
// the tokenizers (which reproduce upstream exactly, with no case folding) see upper-case bases.
#include <string>
#include <string_view>

namespace lnc::data {

// Upper-cases `bases` (appending to `out`); throws InputError(file, line) naming the first character that is not
// A C G T N in either case and its 1-based column (`first_column` is the column of bases[0]).
void append_upper_dna(std::string_view bases, std::string& out, const std::string& file, long line,
                      long first_column = 1);

}  // namespace lnc::data
