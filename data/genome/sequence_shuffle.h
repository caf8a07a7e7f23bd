#pragma once
// Artificial negatives for task 1, made from a real sequence:
//  - uniform: a Fisher-Yates permutation of the bases (keeps base composition; what GUE did).
//  - dinucleotide: a uniformly random sequence with exactly the same dinucleotide counts, same first and
//    last base (Altschul & Erickson 1985 via an Eulerian walk; the last-exit edges form a random
//    arborescence drawn with Wilson's algorithm, as in uShuffle), so k = 2 statistics cannot tell it apart.
// Both take the PRNG explicitly: the result depends only on the input and the PRNG state.
#include <string>

#include "data/random/deterministic_rng.h"

namespace lnc::data {

enum class ShuffleKind { uniform, dinucleotide };

std::string uniform_shuffle(const std::string& sequence, DeterministicRng& rng);
std::string dinucleotide_shuffle(const std::string& sequence, DeterministicRng& rng);
std::string shuffle_sequence(const std::string& sequence, ShuffleKind kind, DeterministicRng& rng);

ShuffleKind parse_shuffle_kind(const std::string& text);  // "uniform" | "dinucleotide"
std::string shuffle_kind_name(ShuffleKind kind);

}  // namespace lnc::data
