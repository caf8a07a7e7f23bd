#pragma once
// Artificial negatives for task 1, made from a real sequence:
//  - uniform: a Fisher-Yates permutation of the bases (keeps base composition; what GUE did).
//  - dinucleotide: a uniformly random sequence with exactly the same dinucleotide counts, same first and
//    last base (Altschul & Erickson 1985 via an Eulerian walk; the last-exit edges form a random
//    arborescence drawn with Wilson's algorithm, as in uShuffle), so k = 2 statistics cannot tell it apart.
// Both take the PRNG explicitly: the result depends only on the input and the PRNG state.
#include <string>

#include "config/genome_choices.h"
#include "data/random/deterministic_rng.h"

namespace lnc::data {

using config::ShuffleKind;
using config::parse_shuffle_kind;
using config::shuffle_kind_name;

std::string uniform_shuffle(const std::string& sequence, DeterministicRng& rng);
std::string dinucleotide_shuffle(const std::string& sequence, DeterministicRng& rng);
std::string shuffle_sequence(const std::string& sequence, ShuffleKind kind, DeterministicRng& rng);


}  // namespace lnc::data
