// Fuzzes the VCF-to-window path of score-variants (data/variants/variant_plan.cpp): the VCF read through HTSlib
// (vcf_reader.cpp), REF checked against a fixed genome, alleles split, classified and trimmed, placed in the promoter
// windows of a fixed 3-gene annotation on both strands and applied (variant_window.cpp), in both REF-mismatch modes.
// Every scored item's windows must have the run's length. HTSlib itself is not instrumented. Bad input:
// lnc::InputError.
#include <cstdlib>
#include <fstream>
#include <memory>

#include "base/input_error.h"
#include "data/genome/fasta_genome.h"
#include "data/genome/gtf_annotation.h"
#include "data/variants/variant_plan.h"
#include "tests/fuzz/fuzz_input_file.h"

namespace {

struct Fixture {
  std::unique_ptr<lnc::data::FastaGenome> genome;
  lnc::data::GtfAnnotation gtf;
};

// Chromosome "1" of 3000 bases (a fixed linear congruential sequence) and genes at + 500, - 520 and + 1500, as in
// tests/unit/variant_plan_test.cpp; the seeds use REF 'N', which matches any base.
const Fixture& fixture() {
  static const Fixture f = [] {
    const std::string dir = lnc::fuzz::scratch_dir();
    std::ofstream fa(dir + "/fixture.fa");
    fa << ">1\n";
    std::uint32_t x = 12345;
    for (int i = 0; i < 3000; ++i) {
      x = x * 1103515245u + 12345u;
      fa << "ACGT"[(x >> 16) & 3];
      if (i % 60 == 59) fa << '\n';
    }
    fa << '\n';
    fa.close();
    std::ofstream(dir + "/fixture.gtf")
        << "1\tt\tgene\t500\t900\t.\t+\t.\tgene_id \"GP\"; gene_name \"PLUS\"; gene_biotype \"lncRNA\";\n"
        << "1\tt\tgene\t300\t520\t.\t-\t.\tgene_id \"GM\"; gene_name \"MINUS\"; gene_biotype \"lncRNA\";\n"
        << "1\tt\tgene\t1500\t1800\t.\t+\t.\tgene_id \"GF\"; gene_name \"FAR\"; gene_biotype \"lncRNA\";\n";
    Fixture out{std::make_unique<lnc::data::FastaGenome>(dir + "/fixture.fa"),
                lnc::data::GtfAnnotation::read(dir + "/fixture.gtf")};
    return out;
  }();
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Fixture& f = fixture();
  const std::string path = lnc::fuzz::write_input(data, size, "input.vcf");
  for (auto mode : {lnc::data::RefMismatch::skip, lnc::data::RefMismatch::error}) {
    try {
      lnc::data::VariantPlanOptions options;
      options.length = 100;
      options.tss_rule = lnc::data::TssRule::gene_start;
      options.on_ref_mismatch = mode;
      options.keep_records = true;
      const lnc::data::VariantPlan plan = lnc::data::plan_variants(path, *f.genome, f.gtf, options);
      for (const auto& item : plan.items)
        if (item.windows.ref.size() != 100 || item.windows.alt.size() != 100) std::abort();
      (void)lnc::data::summary_line(plan);
    } catch (const lnc::InputError&) {
    }
  }
  return 0;
}
