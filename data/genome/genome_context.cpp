#include "data/genome/genome_context.h"

#include "base/input_error.h"

namespace lnc::data {

GenomeContext::GenomeContext(const GenomeDatasetsConfig& cfg, const std::string& index_dir)
    : config(cfg),
      genome(std::make_unique<FastaGenome>(cfg.fasta, cfg.index_dir.empty() ? index_dir : cfg.index_dir)),
      gtf(GtfAnnotation::read(cfg.gtf)) {
  chromosomes = genome->reconcile(gtf.chromosomes());
  if (chromosomes.to_fasta.empty()) {
    std::string names;
    for (const auto& n : chromosomes.unmatched) names += (names.empty() ? "" : ", ") + n;
    std::string fasta_names;
    for (std::size_t i = 0; i < genome->names().size() && i < 5; ++i)
      fasta_names += (i ? ", " : "") + genome->names()[i];
    throw InputError(cfg.fasta, 0, "", "the FASTA holds none of the chromosomes of " + cfg.gtf + " (" + names +
                                           "); FASTA sequences: " + fasta_names +
                                           (genome->names().size() > 5 ? ", ..." : ""));
  }
  tss.reserve(gtf.genes().size());
  for (const GtfGene& gene : gtf.genes()) tss.push_back(gene_tss(gtf, gene, cfg.tss_rule));
}

std::string GenomeContext::fasta_chrom(const GtfGene& gene) const {
  auto it = chromosomes.to_fasta.find(gene.chrom);
  return it == chromosomes.to_fasta.end() ? "" : it->second;
}

}  // namespace lnc::data
