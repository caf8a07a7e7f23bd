#pragma once
// A position weight matrix as motif code uses it: one probability column per position over A, C, G, T (each column
// sums to 1), plus the helpers every part of results/motifs needs. No torch: all of results/motifs is plain C++.
#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace lnc::results::motifs {

using Column = std::array<double, 4>;  // A, C, G, T

struct Pwm {
  std::vector<Column> columns;
  std::size_t size() const { return columns.size(); }
};

// Index of a base in A, C, G, T; -1 for anything else (N).
int base_index(char base);
// Columns normalised to sum 1 after adding `pseudocount` to every count (a zero column becomes uniform).
Pwm from_counts(const std::vector<Column>& counts, double pseudocount);
Pwm reverse_complement(const Pwm& pwm);
// Per column the most probable base, lower case where it has under half of the column.
std::string consensus(const Pwm& pwm);
double information_content(const Column& column);  // bits, 0..2
std::string reverse_complement(const std::string& dna);

}  // namespace lnc::results::motifs
