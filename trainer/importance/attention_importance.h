#pragma once
// Per-base feature importance from attention, DNABERT's recipe (jerryji1993/DNABERT examples/run_finetune.py,
// `visualize`, whose output feeds motif/find_motifs.py):
//   1. take the LAST layer's attention probabilities, row of the first token ([CLS] / <cls>): A[h, 0, t];
//   2. token score s_t = sum over heads h of A[h, 0, t];
//   3. spread s_t over the bases the token covers (Encoding::base_begin/base_end; special tokens cover none and
//      are dropped, which is what upstream's index arithmetic does for [CLS] and [SEP]); each base gets the MEAN of
//      the scores of the tokens covering it (a base covered by no token, e.g. past a truncation, gets 0).
//      Upstream equals this for unpadded rows (DNABERT's 300 bp / 3-mer runs fill max_seq_length exactly); for
//      padded rows upstream also averages a zeroed [SEP] and padding columns into the last k-1 bases, an artefact
//      of its index arithmetic that lnctrain does not reproduce;
//   4. normalise the per-base vector by its L2 norm: upstream `real_scores / np.linalg.norm(real_scores)`
//      (an all-zero vector stays zero). Rows are then comparable across sequences as in the paper's Figure 2.
// Works for any tokenizer whose Encoding records base spans (k-mer, BPE, NT 6-mer), pure float arithmetic.
//
// Positions relative to the TSS: a promoter window of length l ends 50 bp downstream of the TSS (GUE's 300 bp =
// 249 upstream + TSS + 50 downstream), so the TSS is base index l - 51 (0-based) and base p has offset
// p - (l - 51): the first base is -(l - 51) (-249 for 300 bp), the TSS 0, the last base +50.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "data/genome/promoter_window.h"
#include "data/tokenizers/tokenizer.h"

namespace lnc::trainer {

using data::offset_from_tss;

// `attention`: one sequence's last-layer probabilities, row-major [num_heads, seq_len, seq_len] where seq_len is
// the (possibly padded) token length of the batch; only row 0 is read. `encoding` must have at most seq_len tokens
// (tokens past its size are padding and ignored). Returns `num_bases` L2-normalised values.
// Throws std::invalid_argument if a token's span leaves [0, num_bases) or the encoding is longer than seq_len.
std::vector<float> attention_importance(const float* attention, std::size_t num_heads, std::size_t seq_len,
                                        const data::Encoding& encoding, std::size_t num_bases);

// The same from the first-token rows only, row-major [num_heads, seq_len] (what the trainer copies off the
// device: the full [heads, L, L] block of a long sequence is large).
std::vector<float> attention_importance_first_row(const float* first_rows, std::size_t num_heads,
                                                  std::size_t seq_len, const data::Encoding& encoding,
                                                  std::size_t num_bases);

// Batch form: `attention` is the last layer's [batch, num_heads, seq_len, seq_len] row-major
// probabilities (right-padded batch); encodings[b] and num_bases[b] describe row b. Returns one vector per row.
std::vector<std::vector<float>> attention_importance_batch(const float* attention, std::size_t num_heads,
                                                           std::size_t seq_len,
                                                           const std::vector<data::Encoding>& encodings,
                                                           const std::vector<std::size_t>& num_bases);

}  // namespace lnc::trainer
