#pragma once
// Everything the task builders share, loaded once per build: the genome, the annotation, annotation->FASTA
// chromosome names, each gene's TSS under the configured rule, and the config itself.
#include <memory>
#include <string>
#include <vector>

#include "data/genome/fasta_genome.h"
#include "data/genome/gene_tss.h"
#include "config/genome_dataset_config.h"
#include "data/genome/gtf_annotation.h"

namespace lnc::data {

using config::GenomeDatasetsConfig;

struct GenomeContext {
  const GenomeDatasetsConfig& config;
  std::unique_ptr<FastaGenome> genome;
  GtfAnnotation gtf;
  ChromosomeMatch chromosomes;
  std::vector<GeneTss> tss;  // parallel to gtf.genes()

  // Loads FASTA and GTF; an annotation none of whose chromosomes is in the FASTA is an InputError naming both.
  GenomeContext(const GenomeDatasetsConfig& config, const std::string& index_dir);

  std::string fasta_chrom(const GtfGene& gene) const;  // "" when unmatched
};

}  // namespace lnc::data
