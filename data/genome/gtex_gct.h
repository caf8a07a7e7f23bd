#pragma once
// GTEx v8 gene median TPM table (GCT 1.2, plain or gzip):
//   line 1  "#1.2"
//   line 2  "<rows>\t<tissues>"
//   line 3  "Name\tDescription\t<tissue 1>\t...\t<tissue T>"
//   rows    "<gene id>\t<description>\t<tpm 1>\t...\t<tpm T>"
// Gene ids lose their version ("ENSG00000223972.5" -> "ENSG00000223972", strip_gene_version) so they join
// with any annotation release. A header or row whose width disagrees with the dimensions line, a row count
// that differs from it, a non-numeric or negative TPM, or a gene id repeated after version stripping is an
// InputError naming file:line.
#include <string>
#include <vector>

namespace lnc::data {

struct GctGene {
  std::string id;           // version stripped
  std::string description;  // GTEx puts the gene name here
  std::vector<double> tpm;  // one per tissue, header order
  long line = 0;
};

struct GtexGct {
  std::string path;
  std::vector<std::string> tissues;
  std::vector<GctGene> genes;  // file order

  static GtexGct read(const std::string& path);
};

}  // namespace lnc::data
