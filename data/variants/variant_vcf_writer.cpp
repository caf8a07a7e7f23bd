#include "data/variants/variant_vcf_writer.h"

#include <htslib/hts.h>
#include <htslib/vcf.h>

#include <algorithm>
#include <numeric>
#include <tuple>

#include "base/atomic_file.h"
#include "base/input_error.h"

namespace lnc::data {
namespace {

const char* const kInfoLines[] = {
    "##INFO=<ID=LNC_GENE,Number=1,Type=String,Description=\"Gene (gene_id) whose promoter window holds the variant\">",
    "##INFO=<ID=LNC_STRAND,Number=1,Type=String,Description=\"Gene strand (+ or -)\">",
    "##INFO=<ID=LNC_OFFSET,Number=1,Type=Integer,Description=\"Position of the variant's first changed base relative "
    "to the TSS on the gene's strand (0 = TSS, -1 = the base upstream)\">",
    "##INFO=<ID=LNC_P_REF,Number=1,Type=Float,Description=\"Class-1 probability of the reference window\">",
    "##INFO=<ID=LNC_P_ALT,Number=1,Type=Float,Description=\"Class-1 probability of the alternative window\">",
    "##INFO=<ID=LNC_DPROB,Number=1,Type=Float,Description=\"LNC_P_ALT - LNC_P_REF\">",
    "##INFO=<ID=LNC_DLOGIT,Number=1,Type=Float,Description=\"Class-1 log-odds, alternative minus reference\">",
};

struct HeaderHolder {
  bcf_hdr_t* h = nullptr;
  ~HeaderHolder() {
    if (h) bcf_hdr_destroy(h);
  }
};
struct RecordHolder {
  bcf1_t* r = nullptr;
  ~RecordHolder() {
    if (r) bcf_destroy(r);
  }
};

void fail(const std::string& path, const std::string& what) { throw InputError(path, 0, "", what); }

// Drops the INFO fields that hold one value per allele (Number A, R, G), wrong once the record is split.
void drop_per_allele_info(const bcf_hdr_t* hdr, bcf1_t* rec) {
  std::vector<std::string> names;
  for (int i = 0; i < rec->n_info; ++i) {
    const int key = rec->d.info[i].key;
    const int kind = bcf_hdr_id2length(hdr, BCF_HL_INFO, key);
    if (kind == BCF_VL_A || kind == BCF_VL_R || kind == BCF_VL_G) names.emplace_back(bcf_hdr_int2id(hdr, BCF_DT_ID, key));
  }
  for (const std::string& name : names)
    bcf_update_info(hdr, rec, name.c_str(), nullptr, 0, bcf_hdr_id2type(hdr, BCF_HL_INFO, bcf_hdr_id2int(hdr, BCF_DT_ID, name.c_str())));
}

}  // namespace

std::vector<std::size_t> output_order(const VariantPlan& plan) {
  std::vector<std::size_t> order(plan.items.size());
  std::iota(order.begin(), order.end(), 0);
  const bcf_hdr_t* hdr = plan.header();
  auto rid = [&](const VariantItem& item) { return hdr ? bcf_hdr_name2id(hdr, item.chrom.c_str()) : 0; };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const VariantItem &x = plan.items[a], &y = plan.items[b];
    return std::make_tuple(rid(x), x.pos, x.record, x.allele) < std::make_tuple(rid(y), y.pos, y.record, y.allele);
  });
  return order;
}

void write_variant_vcf(const std::string& path, const VariantPlan& plan, const std::vector<VariantEffect>& effects,
                       const std::vector<std::string>& extra_header_lines) {
  if (!plan.header()) throw std::logic_error("write_variant_vcf: the plan kept no records");
  if (effects.size() != plan.items.size()) throw std::logic_error("write_variant_vcf: one effect per item");
  HeaderHolder in, out;
  in.h = bcf_hdr_dup(plan.header());
  out.h = bcf_hdr_subset(in.h, 0, nullptr, nullptr);  // sites only
  if (!in.h || !out.h) fail(path, "cannot copy the VCF header");
  for (const char* line : kInfoLines)
    if (bcf_hdr_append(out.h, line) != 0) fail(path, "cannot add an INFO line to the header");
  for (const std::string& line : extra_header_lines)
    if (bcf_hdr_append(out.h, line.c_str()) != 0) fail(path, "cannot add a header line: " + line);
  if (bcf_hdr_sync(out.h) != 0) fail(path, "cannot build the output header");

  AtomicFile vcf_file(path);
  AtomicFile index_file(path + ".tbi");
  htsFile* fp = hts_open(vcf_file.temp_path().c_str(), "wz");
  if (!fp) fail(path, "cannot open for writing");
  bool ok = bcf_hdr_write(fp, out.h) == 0 && bcf_idx_init(fp, out.h, 0, index_file.temp_path().c_str()) == 0;
  for (std::size_t i : output_order(plan)) {
    if (!ok) break;
    const VariantItem& item = plan.items[i];
    const VariantEffect& e = effects[i];
    RecordHolder rec;
    rec.r = bcf_dup(plan.kept_records()[static_cast<std::size_t>(item.kept)]);
    if (!rec.r) throw std::bad_alloc();
    bcf_unpack(rec.r, BCF_UN_ALL);
    bcf_subset(in.h, rec.r, 0, nullptr);
    if (rec.r->n_allele > 2) drop_per_allele_info(in.h, rec.r);
    const std::string ref = rec.r->d.allele[0], alt = rec.r->d.allele[item.allele];
    const char* alleles[2] = {ref.c_str(), alt.c_str()};
    ok = bcf_update_alleles(in.h, rec.r, alleles, 2) == 0 && bcf_translate(out.h, in.h, rec.r) == 0;
    const std::string strand(1, item.strand);
    const std::int32_t offset = static_cast<std::int32_t>(item.windows.offset);
    const float p_ref = static_cast<float>(e.p_ref), p_alt = static_cast<float>(e.p_alt);
    const float dprob = static_cast<float>(e.dprob), dlogit = static_cast<float>(e.dlogit);
    ok = ok && bcf_update_info_string(out.h, rec.r, "LNC_GENE", item.gene_id.c_str()) == 0 &&
         bcf_update_info_string(out.h, rec.r, "LNC_STRAND", strand.c_str()) == 0 &&
         bcf_update_info_int32(out.h, rec.r, "LNC_OFFSET", &offset, 1) == 0 &&
         bcf_update_info_float(out.h, rec.r, "LNC_P_REF", &p_ref, 1) == 0 &&
         bcf_update_info_float(out.h, rec.r, "LNC_P_ALT", &p_alt, 1) == 0 &&
         bcf_update_info_float(out.h, rec.r, "LNC_DPROB", &dprob, 1) == 0 &&
         bcf_update_info_float(out.h, rec.r, "LNC_DLOGIT", &dlogit, 1) == 0 && bcf_write(fp, out.h, rec.r) == 0;
  }
  ok = ok && bcf_idx_save(fp) == 0;
  if (hts_close(fp) != 0) ok = false;
  if (!ok) fail(path, "writing the scored VCF or its index failed (disk full?)");
  vcf_file.commit();
  index_file.commit();
}

}  // namespace lnc::data
