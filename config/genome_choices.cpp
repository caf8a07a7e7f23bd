#include "config/genome_choices.h"

#include <stdexcept>

namespace lnc::config {

TssRule parse_tss_rule(const std::string& text) {
  if (text == "canonical_transcript") return TssRule::canonical_transcript;
  if (text == "gene_start") return TssRule::gene_start;
  throw std::invalid_argument("unknown TSS rule '" + text + "'");
}

std::string tss_rule_name(TssRule rule) { return rule == TssRule::gene_start ? "gene_start" : "canonical_transcript"; }

ShuffleKind parse_shuffle_kind(const std::string& text) {
  if (text == "uniform") return ShuffleKind::uniform;
  if (text == "dinucleotide") return ShuffleKind::dinucleotide;
  throw std::invalid_argument("unknown shuffle kind '" + text + "'");
}

std::string shuffle_kind_name(ShuffleKind kind) { return kind == ShuffleKind::dinucleotide ? "dinucleotide" : "uniform"; }

}  // namespace lnc::config
