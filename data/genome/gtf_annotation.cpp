#include "data/genome/gtf_annotation.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "base/input_error.h"
#include "base/line_reader.h"
#include "base/split_fields.h"

namespace lnc::data {
namespace {

using Attributes = std::vector<std::pair<std::string, std::string>>;

std::int64_t parse_position(const std::string& text, const LineReader& in, const char* what) {
  if (text.empty() || text.size() > 12 ||
      !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
    throw InputError(in.path(), in.line_number(), "", std::string("GTF ") + what + " '" + text +
                                                          "' is not a positive integer");
  std::int64_t v = std::stoll(text);
  if (v < 1) throw InputError(in.path(), in.line_number(), "", std::string("GTF ") + what + " must be >= 1");
  return v;
}

// key "value"; key value; ... (GTF 2.2 attribute column)
Attributes parse_attributes(const std::string& text, const LineReader& in) {
  Attributes out;
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto fail = [&](const std::string& why) { throw InputError(in.path(), in.line_number(), "", "GTF attributes: " + why); };
  while (i < n) {
    while (i < n && (text[i] == ' ' || text[i] == ';')) ++i;
    if (i >= n) break;
    std::size_t key_begin = i;
    while (i < n && text[i] != ' ' && text[i] != ';' && text[i] != '"') ++i;
    std::string key = text.substr(key_begin, i - key_begin);
    if (key.empty()) fail("attribute without a name near column " + std::to_string(i + 1));
    while (i < n && text[i] == ' ') ++i;
    std::string value;
    if (i < n && text[i] == '"') {
      std::size_t close = text.find('"', i + 1);
      if (close == std::string::npos) fail("unterminated quote in attribute '" + key + "'");
      value = text.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      std::size_t value_begin = i;
      while (i < n && text[i] != ';') ++i;
      value = text.substr(value_begin, i - value_begin);
      while (!value.empty() && value.back() == ' ') value.pop_back();
      if (value.empty()) fail("attribute '" + key + "' has no value");
      if (value.find('"') != std::string::npos) fail("stray quote in attribute '" + key + "'");
    }
    while (i < n && text[i] == ' ') ++i;
    if (i < n && text[i] != ';') fail("expected ';' after attribute '" + key + "'");
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

std::string first_of(const Attributes& attrs, const char* key) {
  for (const auto& [k, v] : attrs)
    if (k == key) return v;
  return "";
}

}  // namespace

bool GtfTranscript::has_tag(const std::string& tag) const {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

std::string strip_gene_version(const std::string& id) {
  std::size_t dot = id.find('.');
  if (dot == std::string::npos) return id;
  std::size_t j = dot + 1;
  while (j < id.size() && std::isdigit(static_cast<unsigned char>(id[j]))) ++j;
  if (j == dot + 1) return id;  // a dot not followed by a version number is part of the name
  return id.substr(0, dot) + id.substr(j);
}

GtfAnnotation GtfAnnotation::read(const std::string& path) {
  GtfAnnotation gtf;
  gtf.path_ = path;
  LineReader in(path);
  std::unordered_map<std::string, std::size_t> gene_index;
  std::unordered_set<std::string> transcript_ids;
  std::string line;
  while (in.next(line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = split_tabs(line);
    if (f.size() != 9)
      throw InputError(path, in.line_number(), "",
                       "GTF line has " + std::to_string(f.size()) + " tab-separated fields, expected 9");
    if (f[0].empty()) throw InputError(path, in.line_number(), "", "GTF line has an empty sequence name");
    std::int64_t start = parse_position(f[3], in, "start");
    std::int64_t end = parse_position(f[4], in, "end");
    if (end < start) throw InputError(path, in.line_number(), "", "GTF end " + f[4] + " is before start " + f[3]);
    if (f[6] != "+" && f[6] != "-" && f[6] != ".")
      throw InputError(path, in.line_number(), "", "GTF strand '" + f[6] + "' is not +, - or .");
    const std::string& feature = f[2];
    // Exons, CDS, UTRs (~90% of an Ensembl GTF) are not used: their attribute column is not parsed.
    if (feature != "gene" && feature != "transcript") continue;
    Attributes attrs = parse_attributes(f[8], in);

    std::string gene_id = first_of(attrs, "gene_id");
    if (gene_id.empty()) throw InputError(path, in.line_number(), "", "GTF " + feature + " line without gene_id");
    std::string biotype = first_of(attrs, "gene_biotype");
    if (biotype.empty()) biotype = first_of(attrs, "gene_type");
    std::string name = first_of(attrs, "gene_name");
    if (name.empty()) name = gene_id;

    auto found = gene_index.find(gene_id);
    if (feature == "gene") {
      if (found != gene_index.end() && gtf.genes_[found->second].line > 0) {
        ++gtf.duplicate_gene_lines_;
        continue;
      }
      GtfGene gene;
      if (found != gene_index.end()) gene = gtf.genes_[found->second];  // created earlier by a transcript
      gene.id = gene_id;
      gene.unversioned_id = strip_gene_version(gene_id);
      gene.name = name;
      gene.biotype = biotype;
      gene.chrom = f[0];
      gene.start = start;
      gene.end = end;
      gene.strand = f[6][0];
      gene.line = in.line_number();
      if (found == gene_index.end()) {
        gene_index.emplace(gene_id, gtf.genes_.size());
        gtf.genes_.push_back(std::move(gene));
      } else {
        gtf.genes_[found->second] = std::move(gene);
      }
      continue;
    }

    GtfTranscript tx;
    tx.id = first_of(attrs, "transcript_id");
    if (tx.id.empty()) throw InputError(path, in.line_number(), "", "GTF transcript line without transcript_id");
    if (!transcript_ids.insert(tx.id).second)
      throw InputError(path, in.line_number(), "", "GTF transcript_id '" + tx.id + "' appears on two transcript lines");
    tx.gene_id = gene_id;
    tx.chrom = f[0];
    tx.start = start;
    tx.end = end;
    tx.strand = f[6][0];
    tx.line = in.line_number();
    for (const auto& [k, v] : attrs)
      if (k == "tag") tx.tags.push_back(v);
    if (found == gene_index.end()) {
      // No "gene" line (yet): the transcript defines the gene; a later gene line replaces the span.
      GtfGene gene;
      gene.id = gene_id;
      gene.unversioned_id = strip_gene_version(gene_id);
      gene.name = name;
      gene.biotype = biotype;
      gene.chrom = tx.chrom;
      gene.start = start;
      gene.end = end;
      gene.strand = tx.strand;
      gene.line = 0;
      found = gene_index.emplace(gene_id, gtf.genes_.size()).first;
      gtf.genes_.push_back(std::move(gene));
    }
    GtfGene& gene = gtf.genes_[found->second];
    if (gene.chrom != tx.chrom)
      throw InputError(path, in.line_number(), "", "transcript '" + tx.id + "' is on " + tx.chrom +
                                                       " but its gene '" + gene_id + "' is on " + gene.chrom);
    if (gene.line == 0) {
      gene.start = std::min(gene.start, start);
      gene.end = std::max(gene.end, end);
    }
    gene.transcripts.push_back(gtf.transcripts_.size());
    gtf.transcripts_.push_back(std::move(tx));
  }
  if (gtf.genes_.empty()) throw InputError(path, in.line_number(), "", "GTF holds no gene or transcript records");
  return gtf;
}

std::vector<std::string> GtfAnnotation::chromosomes() const {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const GtfGene& g : genes_)
    if (seen.insert(g.chrom).second) out.push_back(g.chrom);
  return out;
}

}  // namespace lnc::data
