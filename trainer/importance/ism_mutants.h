#pragma once
// In-silico mutagenesis, the torch-free half: which mutants a window has and how their logits become per-base
// scores.
//
// Mutants: every base p of the window that is A, C, G or T is substituted by each of the other three, in the order
// A, C, G, T (so base p has mutants 3p'..3p'+2 in the list, p' counting only substitutable bases). A base that is
// not ACGT (N) has no mutants and scores 0: "the other three" of an unknown base is not defined, and N is rare in
// promoter windows. Each mutant is the full window re-tokenized by the run's tokenizer (in_silico_mutagenesis.h),
// so a k-mer or BPE change is the real one.
// Scores of base p, from the true-class logit z of the reference and z_1..z_3 of its mutants:
//   ism      (largest drop)  max_i (z - z_i)    -- positive where a base supports the true class
//   ism_mean (mean change)   mean_i (z_i - z)   -- negative where it does
// Cost: 3 x l forward passes per window (900 for 300 bp; a test evaluation is 1 per window), batched
// [evaluation] ism_batch_rows mutants at a time; so ISM over importance_max_sequences = 500 windows of 300 bp costs
// about 450,000 forward rows, some 85 test evaluations of GUE's 5,307-row test split. Rows longer than the context
// (in_silico_mutagenesis.h): a mutant costs the chunks whose tokens it changes, nothing past a truncation.
#include <cstdint>
#include <string>
#include <vector>

namespace lnc::trainer {

struct IsmMutant {
  std::int32_t base = 0;  // position substituted
  char to = 'A';
};

std::vector<IsmMutant> ism_mutants(const std::string& window);
std::string apply_mutant(const std::string& window, const IsmMutant& m);

struct IsmScores {
  std::vector<float> largest_drop, mean_change;  // one per base of the window
};

// reference: z; mutant_logits[i]: the true-class logit of mutants[i]. Throws std::invalid_argument on a size mismatch.
IsmScores ism_scores(std::size_t num_bases, double reference, const std::vector<IsmMutant>& mutants,
                     const std::vector<double>& mutant_logits);

}  // namespace lnc::trainer
