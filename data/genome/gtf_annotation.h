#pragma once
// Genes and transcripts of a GTF annotation (Ensembl or GENCODE style, plain or gzip).
//
// Read: "gene" and "transcript" records. Other features (exon, CDS, ...) are checked for 9 fields, valid
// coordinates and strand, but their attributes are not parsed (speed: they are ~90% of an Ensembl GTF).
// Biotype comes from gene_biotype (Ensembl) or gene_type (GENCODE); gene_name falls back to gene_id.
// Transcript tags ("tag" may repeat) are kept so that a canonical transcript can be chosen
// (see canonical_transcript.h). A transcript whose gene has no "gene" line creates that gene from the
// transcript's attributes (span grown to cover its transcripts). A repeated gene_id on a second "gene" line
// keeps the first and is counted in duplicate_gene_lines.
// Malformed lines (not 9 tab-separated fields, bad coordinates, bad strand, broken attribute quoting,
// gene/transcript without its id) are InputErrors naming file:line.
#include <cstdint>
#include <string>
#include <vector>

namespace lnc::data {

struct GtfTranscript {
  std::string id;
  std::string gene_id;
  std::string chrom;
  std::int64_t start = 0;  // 1-based inclusive
  std::int64_t end = 0;
  char strand = '.';
  std::vector<std::string> tags;
  long line = 0;

  bool has_tag(const std::string& tag) const;
  std::int64_t tss() const { return strand == '-' ? end : start; }
};

struct GtfGene {
  std::string id;             // as written (GENCODE ids carry a ".N" version)
  std::string unversioned_id; // version stripped (strip_gene_version) for joining with GTEx
  std::string name;
  std::string biotype;
  std::string chrom;
  std::int64_t start = 0;  // 1-based inclusive
  std::int64_t end = 0;
  char strand = '.';
  std::vector<std::size_t> transcripts;  // indices into GtfAnnotation::transcripts()
  long line = 0;
};

class GtfAnnotation {
 public:
  static GtfAnnotation read(const std::string& path);

  const std::string& path() const { return path_; }
  const std::vector<GtfGene>& genes() const { return genes_; }  // file order
  const std::vector<GtfTranscript>& transcripts() const { return transcripts_; }
  std::vector<std::string> chromosomes() const;  // names carrying a gene, first-seen order
  std::int64_t duplicate_gene_lines() const { return duplicate_gene_lines_; }

 private:
  std::string path_;
  std::vector<GtfGene> genes_;
  std::vector<GtfTranscript> transcripts_;
  std::int64_t duplicate_gene_lines_ = 0;
};

// "ENSG00000223972.5" -> "ENSG00000223972"; "ENSG00000182378.14_PAR_Y" -> "ENSG00000182378_PAR_Y".
std::string strip_gene_version(const std::string& id);

}  // namespace lnc::data
