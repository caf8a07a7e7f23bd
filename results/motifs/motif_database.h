#pragma once
// Known motifs to match discovered ones against (motif_matching.h). Three inputs, told apart by their content:
//   - a JASPAR SQLite database, as PyPI's pyjaspar ships it (pyjaspar/data/JASPAR2024.sqlite): tables
//     MATRIX(ID, COLLECTION, BASE_ID, VERSION, NAME), MATRIX_DATA(ID, row in A/C/G/T, col 1..w, val = count) and
//     MATRIX_ANNOTATION(ID, TAG, VAL). lnctrain takes JASPAR's CORE vertebrates: COLLECTION 'CORE' with the
//     annotation tax_group = 'vertebrates', the latest VERSION of each BASE_ID (879 matrices in JASPAR 2024, the
//     release's non-redundant set); ids are BASE_ID.VERSION (MA0108.3).
//   - a JASPAR motif text file: '>ID NAME' then four rows 'A [ counts ]', 'C [...]', 'G [...]', 'T [...]'
//     (letters and brackets optional);
//   - a MEME motif file (MEME version 4 text): 'MOTIF ID [NAME]' then 'letter-probability matrix: ... w= W ...'
//     and W rows of four probabilities.
// Counts become probabilities with a pseudocount of 0.8 spread over the four bases (0.2 each, as JASPAR's own
// tools do for log-odds); probabilities are used as given. Every file is read whole and checked: a wrong schema
// (missing table or column), a damaged row (base not ACGT, non-numeric, negative or missing value, columns not
// 1..w, rows of unequal length) or a file with no motif is an InputError naming the file, the line (text) or the
// table, and the matrix.
#include <string>
#include <vector>

#include "results/motifs/pwm.h"

namespace lnc::results::motifs {

struct KnownMotif {
  std::string id, name;
  Pwm pwm;
};

std::vector<KnownMotif> read_motif_database(const std::string& path);
std::vector<KnownMotif> read_jaspar_sqlite(const std::string& path);
std::vector<KnownMotif> read_jaspar_text(const std::string& path);
std::vector<KnownMotif> read_meme_text(const std::string& path);

// The default database: $LNC_JASPAR_DB when set, else pyjaspar's JASPAR2024.sqlite as the python3 on PATH finds
// it (`python3 -c 'import pyjaspar'`). Empty when neither is there.
std::string default_jaspar_database();

}  // namespace lnc::results::motifs
