#pragma once
// The named choices of the [genome] table that the genome builder (data/genome) acts on: which TSS anchors a
// promoter window (data/genome/gene_tss.h) and how task 1's negatives are shuffled (data/genome/sequence_shuffle.h).
// Here, below data/, so that the typed config needs nothing from the layers above it.
#include <string>

namespace lnc::config {

enum class TssRule { canonical_transcript, gene_start };
enum class ShuffleKind { uniform, dinucleotide };

TssRule parse_tss_rule(const std::string& text);  // "canonical_transcript" | "gene_start"
std::string tss_rule_name(TssRule rule);
ShuffleKind parse_shuffle_kind(const std::string& text);  // "uniform" | "dinucleotide"
std::string shuffle_kind_name(ShuffleKind kind);

}  // namespace lnc::config
