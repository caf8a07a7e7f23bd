#pragma once
// Which TSS a gene's promoter window is anchored at (the paper leaves this open; docs/datasets.md).
//
// TssRule::canonical_transcript (default): the 5' end of the gene's canonical transcript, chosen by the first
// tier that any of its transcripts reaches:
//   1. tag "Ensembl_canonical"  (Ensembl >= 104, GENCODE >= 38; exactly one per gene there)
//   2. tag "MANE_Select"
//   3. tag "appris_principal_N", lowest N first
//   4. tag "basic"
//   5. any transcript
// Ties inside a tier go to the longest genomic span, then the smallest transcript_id. A gene without
// transcript records falls back to its gene start on its strand (counted as tss_from_gene_record).
// TssRule::gene_start: the gene record's 5' end (start on +, end on -).
#include <cstdint>
#include <string>

#include "config/genome_choices.h"
#include "data/genome/gtf_annotation.h"

namespace lnc::data {

using config::TssRule;
using config::parse_tss_rule;
using config::tss_rule_name;

struct GeneTss {
  std::int64_t position = 0;  // 1-based
  std::string transcript_id;  // "" when taken from the gene record
  std::string tier;           // "Ensembl_canonical", "MANE_Select", "appris_principal", "basic", "any", "gene"
};

GeneTss gene_tss(const GtfAnnotation& gtf, const GtfGene& gene, TssRule rule);


}  // namespace lnc::data
