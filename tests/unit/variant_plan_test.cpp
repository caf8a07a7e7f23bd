// Which windows a VCF's variants land in (data/variants/variant_plan.h) on a small generated genome and a hand-written
// GTF and VCF: both strands, a variant in two genes' windows, one outside every window, a multi-allelic record, a
// symbolic allele, a REF mismatch (an error naming the VCF line, or counted with skip), chromosome renaming; and the
// VCF reader's bad-input cases (VcfReaderBadInput.*), each an InputError naming the file and line.
#include <gtest/gtest.h>
#include <htslib/vcf.h>

#include <fstream>

#include "data/genome/fasta_genome.h"
#include "data/genome/gtf_annotation.h"
#include "data/random/deterministic_rng.h"
#include "data/variants/variant_plan.h"
#include "data/variants/variant_table.h"
#include "data/variants/vcf_reader.h"
#include "tests/unit/input_error_of.h"
#include "tests/unit/test_paths.h"

namespace lnc::data {
namespace {

constexpr const char* kHeader =
    "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=2000>\n"
    "##INFO=<ID=AF,Number=A,Type=Float,Description=\"allele frequency\">\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";

class VariantPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DeterministicRng rng(11, "variant_plan_test");
    const char bases[] = "ACGT";
    for (int i = 0; i < 2000; ++i) chrom_ += bases[rng.below(4)];
    dir_ = test_paths::scratch_dir();
    std::ofstream(dir_ + "/g.fa") << ">1\n" << chrom_ << "\n";
    // Length 100 windows: GP (+, TSS 500) [451, 550]; GM (-, TSS 520) [470, 569]; GF (+, TSS 1500) [1451, 1550].
    std::ofstream(dir_ + "/a.gtf")
        << "1\tt\tgene\t500\t900\t.\t+\t.\tgene_id \"GP\"; gene_name \"PLUS\"; gene_biotype \"lncRNA\";\n"
        << "1\tt\tgene\t300\t520\t.\t-\t.\tgene_id \"GM\"; gene_name \"MINUS\"; gene_biotype \"protein_coding\";\n"
        << "1\tt\tgene\t1500\t1800\t.\t+\t.\tgene_id \"GF\"; gene_name \"FAR\"; gene_biotype \"lncRNA\";\n";
    genome_ = std::make_unique<FastaGenome>(dir_ + "/g.fa");
    gtf_ = std::make_unique<GtfAnnotation>(GtfAnnotation::read(dir_ + "/a.gtf"));
  }
  std::string g(std::int64_t start, std::int64_t end) const {
    return chrom_.substr(static_cast<std::size_t>(start - 1), static_cast<std::size_t>(end - start + 1));
  }
  std::string other(std::int64_t pos) const { return g(pos, pos) == "A" ? "C" : "A"; }
  std::string write_vcf(const std::string& body) {
    const std::string path = dir_ + "/v.vcf";
    std::ofstream(path) << kHeader << body;
    return path;
  }
  VariantPlan plan(const std::string& vcf, RefMismatch mismatch = RefMismatch::error) {
    VariantPlanOptions options;
    options.length = 100;
    options.tss_rule = TssRule::gene_start;
    options.on_ref_mismatch = mismatch;
    options.keep_records = true;
    return plan_variants(vcf, *genome_, *gtf_, options);
  }
  std::string body() const {
    return "chr1\t480\tboth\t" + g(480, 480) + "\t" + other(480) + "\t.\tPASS\t.\n" +                    // line 5
           "chr1\t1000\tout\t" + g(1000, 1000) + "\t" + other(1000) + "\t.\tPASS\t.\n" +                // line 6
           "chr1\t1460\tmulti\t" + g(1460, 1460) + "\t" + other(1460) + "," + g(1460, 1460) + "TT\t.\tPASS\tAF=0.1,0.2\n" +
           "chr1\t1470\tsym\t" + g(1470, 1470) + "\t<DEL>\t.\tPASS\t.\n" +                              // line 8
           "chr1\t1480\tbad\t" + other(1480) + "\t" + g(1480, 1480) + "\t.\tPASS\t.\n" +                // line 9
           "chr1\t1490\tdel\t" + g(1490, 1493) + "\t" + g(1490, 1490) + "\t.\tPASS\t.\n" +              // line 10
           "chrUn\t10\tnofasta\tA\tC\t.\tPASS\t.\n";                                                   // line 11
  }

  std::string chrom_, dir_;
  std::unique_ptr<FastaGenome> genome_;
  std::unique_ptr<GtfAnnotation> gtf_;
};

TEST_F(VariantPlanTest, RefMismatchIsAnErrorNamingTheVcfLine) {
  const std::string vcf = write_vcf(body());
  const std::string error = input_error_of([&] { plan(vcf); });
  EXPECT_NE(error.find(vcf + ":9:"), std::string::npos) << error;
  EXPECT_NE(error.find("does not match the FASTA"), std::string::npos) << error;
}

TEST_F(VariantPlanTest, EveryVariantIsScoredOutsideOrSkippedByReason) {
  const VariantPlan p = plan(write_vcf(body()), RefMismatch::skip);
  EXPECT_EQ(p.counts.records, 7);
  EXPECT_EQ(p.counts.variants, 8);  // the multi-allelic record gives two
  EXPECT_EQ(p.counts.scored, 4);    // 480, 1460 x2, 1490
  EXPECT_EQ(p.counts.outside, 1);
  EXPECT_EQ(p.counts.skipped, (std::map<std::string, std::int64_t>{
                                  {"chromosome_not_in_fasta", 1}, {"ref_mismatch", 1}, {"symbolic_allele", 1}}));
  EXPECT_EQ(p.renamed_chromosomes, (std::map<std::string, std::string>{{"chr1", "1"}}));
  EXPECT_EQ(p.chromosomes_not_in_fasta, std::vector<std::string>{"chrUn"});
  ASSERT_EQ(p.items.size(), 5u);
  // 480 lies in GP's window (offset -20) and in GM's (minus strand, TSS 520: offset +40), one item per gene.
  EXPECT_EQ(p.items[0].gene_id, "GP");
  EXPECT_EQ(p.items[0].windows.offset, -20);
  EXPECT_EQ(p.items[0].line, 5);
  EXPECT_EQ(p.items[1].gene_id, "GM");
  EXPECT_EQ(p.items[1].strand, '-');
  EXPECT_EQ(p.items[1].windows.offset, 40);
  EXPECT_EQ(p.items[1].windows.ref, reverse_complement(g(470, 569)));
  EXPECT_EQ(p.items[1].windows.alt, reverse_complement(g(470, 479) + other(480) + g(481, 569)));
  // The multi-allelic record, split: an SNV and an insertion after 1460, both in GF's window.
  EXPECT_EQ(p.items[2].allele, 1);
  EXPECT_EQ(p.items[2].alt, other(1460));
  EXPECT_EQ(p.items[3].allele, 2);
  EXPECT_EQ(p.items[3].kind, AlleleKind::insertion);
  EXPECT_EQ(p.items[3].windows.alt, g(1453, 1460) + "TT" + g(1461, 1550));
  EXPECT_EQ(p.items[4].kind, AlleleKind::deletion);
  EXPECT_EQ(p.items[4].windows.alt, g(1448, 1490) + g(1494, 1550));
  EXPECT_EQ(p.items[4].windows.alt.size(), 100u);
  EXPECT_EQ(p.kept_records().size(), 3u);  // the records with items
  EXPECT_EQ(summary_line(p),
            "7 records, 8 variants: 4 scored (5 gene windows), 1 outside every window, 3 skipped "
            "(chromosome_not_in_fasta 1, ref_mismatch 1, symbolic_allele 1)");
}

TEST_F(VariantPlanTest, ReadsBgzippedVcf) {
  const std::string plain = write_vcf(body());
  const std::string gz = dir_ + "/v.vcf.gz";
  ASSERT_EQ(std::system(("bgzip -c '" + plain + "' > '" + gz + "'").c_str()), 0);
  EXPECT_EQ(plan(gz, RefMismatch::skip).items.size(), 5u);
}

class VcfReaderBadInput : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    const std::string path = test_paths::scratch_dir() + "/bad.vcf";
    std::ofstream(path) << text;
    return path;
  }
  // The error of reading every record of `text`.
  std::string error_of(const std::string& text) {
    const std::string path = write(text);
    return input_error_of([&] {
      VcfReader reader(path);
      while (reader.next()) {
      }
    });
  }
};

TEST_F(VcfReaderBadInput, MissingFile) {
  EXPECT_NE(input_error_of([] { VcfReader r("/nonexistent/x.vcf"); }).find("/nonexistent/x.vcf"), std::string::npos);
}

TEST_F(VcfReaderBadInput, EmptyFileAndNoHeader) {
  EXPECT_NE(error_of("").find("no VCF header"), std::string::npos);
  EXPECT_NE(error_of("chr1\t1\t.\tA\tC\t.\t.\t.\n").find(":1:"), std::string::npos);
  EXPECT_NE(error_of("##fileformat=VCFv4.2\n##contig=<ID=1>\n").find("no #CHROM line"), std::string::npos);
}

TEST_F(VcfReaderBadInput, MalformedRecordsNameTheirLine) {
  const std::string head = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
  const std::string good = "1\t10\t.\tA\tC\t.\t.\t.\n";
  for (const std::string& bad : {std::string("1\t11\t.\tA\n"),                 // too few columns
                                 std::string("1\tabc\t.\tA\tC\t.\t.\t.\n"),    // POS not a number
                                 std::string("1\t12\t.\tAXZ\tC\t.\t.\t.\n"),   // REF not bases
                                 std::string("1\t12\t.\tA\tC!\t.\t.\t.\n"),    // ALT neither bases nor symbolic
                                 std::string("\n"),                             // empty line
                                 std::string("##late=header\n")}) {
    const std::string error = error_of(head + good + bad + good);
    EXPECT_NE(error.find("bad.vcf:4:"), std::string::npos) << bad << " -> " << error;
  }
}

TEST_F(VcfReaderBadInput, BinaryBcfIsRefusedWithTheConversion) {
  const std::string dir = test_paths::scratch_dir();
  std::ofstream(dir + "/v.vcf") << "##fileformat=VCFv4.2\n##contig=<ID=1>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                                << "1\t10\t.\tA\tC\t.\t.\t.\n";
  {  // the same records as BCF, written by HTSlib
    htsFile* in = hts_open((dir + "/v.vcf").c_str(), "r");
    bcf_hdr_t* hdr = bcf_hdr_read(in);
    htsFile* out = hts_open((dir + "/v.bcf").c_str(), "wb");
    ASSERT_EQ(bcf_hdr_write(out, hdr), 0);
    bcf1_t* rec = bcf_init();
    while (bcf_read(in, hdr, rec) == 0) ASSERT_EQ(bcf_write(out, hdr, rec), 0);
    bcf_destroy(rec);
    bcf_hdr_destroy(hdr);
    hts_close(out);
    hts_close(in);
  }
  EXPECT_NE(input_error_of([&] { VcfReader r(dir + "/v.bcf"); }).find("bcftools view -Oz"), std::string::npos);
}

TEST(VariantTableBadInput, HeaderColumnsAndNumbersNameTheLine) {
  const std::string dir = test_paths::scratch_dir();
  const std::string header = std::string(kVariantTableHeader) + "\n";
  const std::string good = "chr1\t10\tA\tC\tG1\tN1\t+\t-5\t0.5\t0.6\t0.1\t0.4\n";
  std::ofstream(dir + "/ok.tsv") << header << good;
  ASSERT_EQ(read_variant_table(dir + "/ok.tsv").size(), 1u);
  EXPECT_EQ(read_variant_table(dir + "/ok.tsv")[0].offset, -5);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"chrom\tpos\n" + good, ":1:"},
      {header + good + "chr1\t10\tA\tC\n", ":3:"},
      {header + good + "chr1\tx\tA\tC\tG1\tN1\t+\t-5\t0.5\t0.6\t0.1\t0.4\n", ":3:"},
      {header + good + "chr1\t10\tA\tC\tG1\tN1\t.\t-5\t0.5\t0.6\t0.1\t0.4\n", ":3:"},
      {header + good + "chr1\t10\tA\tC\tG1\tN1\t+\t-5\tnan\t0.6\t0.1\t0.4\n", ":3:"}};
  for (const auto& [text, where] : cases) {
    std::ofstream(dir + "/bad.tsv") << text;
    const std::string error = input_error_of([&] { read_variant_table(dir + "/bad.tsv"); });
    EXPECT_NE(error.find("bad.tsv" + where), std::string::npos) << text << " -> " << error;
  }
}

}  // namespace
}  // namespace lnc::data
