// `lnctrain score-variants` end to end under mpirun: a tiny BERT (3-mer DNABERT vocabulary, a few AdamW steps on toy
// windows, saved as a run's merged export) scores a hand-written VCF on a generated genome with the shipped Ensembl excerpt.
// The VCF spells chromosomes "chr1"/"chr2" against the FASTA's "1"/"2" and holds SNVs on both strands, an insertion,
// a deletion, a multi-allelic record, a variant in two genes' windows, one outside every window, a REF mismatch and a
// symbolic allele. Checked: the REF mismatch is an error naming the VCF line with nothing written; with skip, the
// summary counts; the TSV's p_ref / p_alt equal `lnctrain predict` on the hand-built ref and alt windows in the same
// batches (the same %.9g text); the bgzipped VCF reads back through HTSlib with its .tbi, INFO equal to the TSV's
// values to HTSlib's 6 significant digits;
// 2 ranks write the same bytes as 1.
#include <gtest/gtest.h>
#include <htslib/hts.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>
#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/atomic_file.h"
#include "data/genome/fasta_genome.h"
#include "data/genome/gtf_annotation.h"
#include "data/variants/promoter_index.h"
#include "tests/unit/genome_test_support.h"
#include "tests/unit/mpi_launch.h"
#include "trainer/lora/apply_lora.h"
#include "trainer/lora/lora_run_export.h"
#include "trainer/lora/peft_adapter.h"
#include "trainer/models/model_directory.h"
#include "trainer/components/row_forward.h"
#include "trainer/sequence_scoring.h"
#include "data/tokenizers/tokenizer_loader.h"
#include "data/random/deterministic_rng.h"
#include "trainer/models/model_factory.h"

namespace lnc {
namespace {

using data::GeneWindow;
using data::reverse_complement;
using test_paths::lnctrain;
using test_paths::mpirun;
using test_paths::run_command;
namespace fs = std::filesystem;

constexpr std::int64_t kLength = 100;

// The tiny BERT both tests score with: DNABERT's 3-mer vocabulary (69 ids), no dropout.
config::ModelConfig kmer3_bert() {
  config::ModelConfig c;
  c.family = "bert";
  c.vocab_size = 69;
  c.hidden_size = 32;
  c.num_layers = 2;
  c.num_heads = 2;
  c.intermediate_size = 64;
  c.max_position_embeddings = 128;
  c.hidden_dropout = 0.0;
  c.attention_dropout = 0.0;
  return c;
}

struct Expected {  // one output row, built by hand
  std::string chrom;
  std::int64_t pos;
  std::string ref, alt, gene;
  std::string ref_window, alt_window;
};

std::vector<std::vector<std::string>> read_tsv(const std::string& path) {
  std::istringstream in(read_file(path));
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> row;
    std::istringstream fields(line);
    for (std::string f; std::getline(fields, f, '\t');) row.push_back(f);
    rows.push_back(row);
  }
  return rows;
}

std::string decompressed(const std::string& path) {
  return run_command("gzip -dc '" + path + "'").output;
}

class IntegrationScoreVariants : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test_paths::scratch_dir();
    fasta_ = dir_ + "/genome.fa";
    data::genome_test::write_random_fasta(fasta_, data::genome_test::excerpt_chromosomes(), 19);
    gtf_ = data::genome_test::ensembl_gtf();
    // The run directory: config.toml (the identity text's keys that matter here) and the merged export.
    run_ = dir_ + "/run";
    fs::create_directories(run_);
    std::ofstream(run_ + "/config.toml") << "data.length = 100\nlora.enabled = false\nmodel.family = \"bert\"\n"
                                         << "model.pretrained = \"\"\n";
    torch::manual_seed(23);
    auto model = trainer::create_model(kmer3_bert());
    // A few AdamW steps on GC-rich (label 1) against AT-rich (label 0) random windows: a trained, not a random, head.
    const auto tokenizer = data::load_tokenizer(test_paths::source("data/assets/dnabert_vocab/3"));
    std::vector<data::Encoding> encodings;
    std::vector<int64_t> labels;
    data::DeterministicRng rng(3, "score_variants_training");
    for (int i = 0; i < 16; ++i) {
      std::string s;
      for (int j = 0; j < kLength; ++j) s += (i % 2 ? "GCGCAT" : "ATATGC")[rng.below(6)];
      encodings.push_back(tokenizer->encode(s));
      labels.push_back(i % 2);
    }
    const auto batch = trainer::to_device_batch(trainer::pad_batch(encodings, tokenizer->pad_id()), torch::kCPU);
    const auto& ids = batch.input_ids;
    const auto& mask = batch.attention_mask;
    torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(3e-3));
    model->train();
    for (int step = 0; step < 5; ++step) {
      optimizer.zero_grad();
      auto loss = torch::cross_entropy_loss(model->forward(ids, mask).logits, torch::tensor(labels));
      loss.backward();
      optimizer.step();
    }
    model->eval();
    trainer::save_model_directory(*model, run_ + "/merged", test_paths::source("data/assets/dnabert_vocab/3"));
  }

  std::string dir_, fasta_, gtf_, run_;
};

TEST_F(IntegrationScoreVariants, ScoresMatchPredictAndTwoRanksWriteWhatOneDoes) {
  data::FastaGenome genome(fasta_);
  const data::GtfAnnotation gtf = data::GtfAnnotation::read(gtf_);
  const data::PromoterIndex index(gtf, genome, data::TssRule::canonical_transcript, kLength);
  auto g = [&](std::int64_t s, std::int64_t e) { return genome.fetch("1", s, e); };
  auto other = [&](std::int64_t p) { return g(p, p) == "A" ? std::string("C") : std::string("A"); };
  auto alone = [&](const GeneWindow& w) {
    return w.chrom == "1" && index.overlapping("1", w.window.start - 30, w.window.end + 30).size() == 1 &&
           g(w.window.start - 30, w.window.end + 30).find('N') == std::string::npos;
  };
  auto strand_window = [](const GeneWindow& w, const std::string& forward) {
    return w.strand == '-' ? reverse_complement(forward) : forward;
  };
  const GeneWindow *plus = nullptr, *minus = nullptr;
  std::int64_t pair_pos = 0;
  std::vector<const GeneWindow*> pair;
  for (const GeneWindow& w : index.windows()) {
    if (!plus && w.strand == '+' && alone(w)) plus = &w;
    if (!minus && w.strand == '-' && alone(w)) minus = &w;
    if (pair.empty() && w.chrom == "1") {
      const std::int64_t p = w.window.start + 5;
      auto hits = index.overlapping("1", p, p);
      if (hits.size() == 2 && g(p, p) != "N") {
        pair = hits;
        pair_pos = p;
      }
    }
  }
  ASSERT_TRUE(plus && minus && pair.size() == 2) << "the excerpt has no such genes";
  std::vector<Expected> rows;
  std::vector<std::pair<std::int64_t, std::string>> lines;  // chr1 position -> VCF line
  auto add_line = [&](std::int64_t pos, const std::string& ref, const std::string& alt, const std::string& id) {
    lines.emplace_back(pos, "chr1\t" + std::to_string(pos) + "\t" + id + "\t" + ref + "\t" + alt + "\t.\tPASS\t.");
  };
  {  // the variant in two genes' windows
    const std::string ref = g(pair_pos, pair_pos), alt = other(pair_pos);
    add_line(pair_pos, ref, alt, "pair");
    for (const GeneWindow* w : pair) {
      const auto& v = w->window;
      rows.push_back({"chr1", pair_pos, ref, alt, gtf.genes()[w->gene].id, strand_window(*w, g(v.start, v.end)),
                      strand_window(*w, g(v.start, pair_pos - 1) + alt + g(pair_pos + 1, v.end))});
    }
  }
  const auto& pw = plus->window;
  const std::string plus_ref = g(pw.start, pw.end), plus_gene = gtf.genes()[plus->gene].id;
  const std::int64_t snv = plus->tss - 10, ins = plus->tss - 20, multi = plus->tss - 5, bad = plus->tss - 30;
  add_line(snv, g(snv, snv), other(snv), "plus_snv");
  const std::string ins_alt = g(ins, ins) + "GA";
  add_line(ins, g(ins, ins), ins_alt, "plus_ins");
  const std::string m1 = other(multi), m2 = g(multi, multi) == "G" ? "T" : "G";
  add_line(multi, g(multi, multi), m1 + "," + m2, "plus_multi");
  add_line(bad, other(bad), "T", "plus_ref_mismatch");
  rows.push_back({"chr1", ins, g(ins, ins), ins_alt, plus_gene, plus_ref, g(pw.start + 2, ins) + "GA" + g(ins + 1, pw.end)});
  rows.push_back({"chr1", snv, g(snv, snv), other(snv), plus_gene, plus_ref, g(pw.start, snv - 1) + other(snv) + g(snv + 1, pw.end)});
  rows.push_back({"chr1", multi, g(multi, multi), m1, plus_gene, plus_ref, g(pw.start, multi - 1) + m1 + g(multi + 1, pw.end)});
  rows.push_back({"chr1", multi, g(multi, multi), m2, plus_gene, plus_ref, g(pw.start, multi - 1) + m2 + g(multi + 1, pw.end)});
  const auto& mw = minus->window;
  const std::string minus_ref = reverse_complement(g(mw.start, mw.end)), minus_gene = gtf.genes()[minus->gene].id;
  const std::int64_t msnv = minus->tss + 10, del = minus->tss + 20, sym = minus->tss + 5;  // upstream on minus
  add_line(msnv, g(msnv, msnv), other(msnv), "minus_snv");
  add_line(del, g(del, del + 2), g(del, del), "minus_del");
  add_line(sym, g(sym, sym), "<DEL>", "minus_symbolic");
  rows.push_back({"chr1", msnv, g(msnv, msnv), other(msnv), minus_gene, minus_ref,
                  reverse_complement(g(mw.start, msnv - 1) + other(msnv) + g(msnv + 1, mw.end))});
  rows.push_back({"chr1", del, g(del, del + 2), g(del, del), minus_gene, minus_ref,
                  reverse_complement(g(mw.start, del) + g(del + 3, mw.end + 2))});
  std::sort(lines.begin(), lines.end());
  std::stable_sort(rows.begin(), rows.end(), [](const Expected& a, const Expected& b) { return a.pos < b.pos; });
  // Ranks: positions are distinct (an assumption of the sort above) and the windows are apart.
  for (std::size_t i = 1; i < lines.size(); ++i) ASSERT_LT(lines[i - 1].first, lines[i].first);
  std::string vcf_text = "##fileformat=VCFv4.2\n##contig=<ID=chr1>\n##contig=<ID=chr2>\n"
                         "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
  long mismatch_line = 0;
  for (const auto& [pos, line] : lines) vcf_text += line + "\n";
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].second.find("plus_ref_mismatch") != std::string::npos) mismatch_line = static_cast<long>(5 + i);
  vcf_text += "chr2\t100000\toutside\t" + genome.fetch("2", 100000, 100000) + "\t" + (genome.fetch("2", 100000, 100000) == "A" ? "C" : "A") + "\t.\tPASS\t.\n";
  const std::string vcf = dir_ + "/in.vcf";
  write_file_atomic(vcf, vcf_text);

  const std::string common = "score-variants --run " + run_ + " --vcf " + vcf + " --fasta " + fasta_ + " --gtf " +
                             gtf_ + " --batch-size 3 --device cpu";
  // REF mismatch: an error naming the VCF line, on every rank, and nothing written.
  auto failed = run_command(mpirun(2) + lnctrain(common + " --out " + dir_ + "/err.vcf.gz"));
  EXPECT_NE(failed.exit_code, 0);
  EXPECT_NE(failed.output.find(vcf + ":" + std::to_string(mismatch_line) + ": REF"), std::string::npos) << failed.output;
  EXPECT_FALSE(fs::exists(dir_ + "/err.vcf.gz"));
  EXPECT_FALSE(fs::exists(dir_ + "/err.tsv"));

  auto two = run_command(mpirun(2) + lnctrain(common + " --on-ref-mismatch skip --out " + dir_ + "/two.vcf.gz"));
  ASSERT_EQ(two.exit_code, 0) << two.output;
  auto one = run_command(mpirun(1) + lnctrain(common + " --on-ref-mismatch skip --out " + dir_ + "/one.vcf.gz"));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_NE(two.output.find("9 records, 10 variants: 7 scored (8 gene windows), 1 outside every window, 2 skipped "
                            "(ref_mismatch 1, symbolic_allele 1)"),
            std::string::npos)
      << two.output;
  EXPECT_NE(two.output.find("VCF chromosome 'chr1' read as FASTA '1'"), std::string::npos) << two.output;
  EXPECT_EQ(read_file(dir_ + "/two.tsv"), read_file(dir_ + "/one.tsv"));
  EXPECT_EQ(decompressed(dir_ + "/two.vcf.gz"), decompressed(dir_ + "/one.vcf.gz"));

  // The TSV, row by row against the hand-built windows scored by `predict` in the same batches.
  const auto tsv = read_tsv(dir_ + "/two.tsv");
  ASSERT_EQ(tsv.size(), rows.size() + 1);
  EXPECT_EQ(tsv[0][0] + " " + tsv[0][8] + " " + tsv[0][11], "chrom p_ref dlogit");
  std::string refs_fa, alts_fa;
  std::vector<std::string> seen;
  std::vector<std::size_t> ref_of_row;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& t = tsv[i + 1];
    EXPECT_EQ(t[0] + ":" + t[1] + " " + t[2] + ">" + t[3] + " " + t[4],
              rows[i].chrom + ":" + std::to_string(rows[i].pos) + " " + rows[i].ref + ">" + rows[i].alt + " " + rows[i].gene);
    auto it = std::find(seen.begin(), seen.end(), rows[i].gene);
    if (it == seen.end()) {
      seen.push_back(rows[i].gene);
      refs_fa += ">r\n" + rows[i].ref_window + "\n";
      it = seen.end() - 1;
    }
    ref_of_row.push_back(static_cast<std::size_t>(it - seen.begin()));
    alts_fa += ">a\n" + rows[i].alt_window + "\n";
    ASSERT_EQ(rows[i].alt_window.size(), static_cast<std::size_t>(kLength));
  }
  write_file_atomic(dir_ + "/refs.fa", refs_fa);
  write_file_atomic(dir_ + "/alts.fa", alts_fa);
  for (const char* which : {"refs", "alts"}) {
    auto p = run_command(lnctrain("predict --model " + run_ + "/merged --input " + dir_ + "/" + which + ".fa --out " +
                                  dir_ + "/" + which + ".tsv --batch-size 3"));
    ASSERT_EQ(p.exit_code, 0) << p.output;
  }
  const auto ref_pred = read_tsv(dir_ + "/refs.tsv"), alt_pred = read_tsv(dir_ + "/alts.tsv");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& t = tsv[i + 1];
    const auto& r = ref_pred[ref_of_row[i] + 1];
    const auto& a = alt_pred[i + 1];
    EXPECT_EQ(t[8], r[4]) << "p_ref of row " << i;  // prob_1, the same %.9g text
    EXPECT_EQ(t[9], a[4]) << "p_alt of row " << i;
    const double dlogit = (std::stod(a[2]) - std::stod(a[1])) - (std::stod(r[2]) - std::stod(r[1]));
    EXPECT_NEAR(std::stod(t[11]), dlogit, 1e-6) << "row " << i;
    EXPECT_NEAR(std::stod(t[10]), std::stod(a[4]) - std::stod(r[4]), 1e-8) << "row " << i;
  }

  // The VCF through HTSlib: one record per TSV row, same order, INFO equal to the TSV (as float32), and its index.
  const std::string out = dir_ + "/two.vcf.gz";
  ASSERT_TRUE(fs::exists(out + ".tbi"));
  htsFile* fp = hts_open(out.c_str(), "r");
  ASSERT_NE(fp, nullptr);
  bcf_hdr_t* hdr = bcf_hdr_read(fp);
  bcf1_t* rec = bcf_init();
  std::size_t n = 0;
  char* text = nullptr;
  int text_size = 0;
  float* value = nullptr;
  int value_size = 0;
  int32_t* offset = nullptr;
  int offset_size = 0;
  while (bcf_read(fp, hdr, rec) == 0) {
    ASSERT_LT(n + 1, tsv.size());
    const auto& t = tsv[n + 1];
    bcf_unpack(rec, BCF_UN_ALL);
    EXPECT_EQ(std::string(bcf_seqname(hdr, rec)), t[0]);
    EXPECT_EQ(rec->pos + 1, std::stoll(t[1]));
    ASSERT_EQ(rec->n_allele, 2);
    EXPECT_EQ(std::string(rec->d.allele[0]) + ">" + rec->d.allele[1], t[2] + ">" + t[3]);
    ASSERT_GT(bcf_get_info_string(hdr, rec, "LNC_GENE", &text, &text_size), 0);
    EXPECT_EQ(std::string(text), t[4]);
    ASSERT_GT(bcf_get_info_string(hdr, rec, "LNC_STRAND", &text, &text_size), 0);
    EXPECT_EQ(std::string(text), t[6]);
    ASSERT_EQ(bcf_get_info_int32(hdr, rec, "LNC_OFFSET", &offset, &offset_size), 1);
    EXPECT_EQ(*offset, std::stoll(t[7]));
    const char* names[] = {"LNC_P_REF", "LNC_P_ALT", "LNC_DPROB", "LNC_DLOGIT"};
    for (int k = 0; k < 4; ++k) {
      ASSERT_EQ(bcf_get_info_float(hdr, rec, names[k], &value, &value_size), 1) << names[k];
      // HTSlib writes floats with 6 significant digits (%g).
      const double expected = std::stod(t[8 + k]);
      EXPECT_NEAR(*value, expected, 1e-5 * std::abs(expected)) << names[k] << " row " << n;
    }
    ++n;
  }
  EXPECT_EQ(n, rows.size());
  std::free(text);
  std::free(value);
  std::free(offset);
  bcf_destroy(rec);
  // The index answers a region query for the plus gene's window.
  tbx_t* tbx = tbx_index_load(out.c_str());
  ASSERT_NE(tbx, nullptr);
  const std::string region = "chr1:" + std::to_string(pw.start) + "-" + std::to_string(pw.end);
  hts_itr_t* itr = tbx_itr_querys(tbx, region.c_str());
  ASSERT_NE(itr, nullptr);
  kstring_t line = {0, 0, nullptr};
  int in_region = 0;
  while (tbx_itr_next(fp, tbx, itr, &line) >= 0) ++in_region;
  EXPECT_EQ(in_region, 4);  // the plus gene's SNV, insertion and the two alleles of the multi-allelic record
  std::free(line.s);
  hts_itr_destroy(itr);
  tbx_destroy(tbx);
  bcf_hdr_destroy(hdr);
  hts_close(fp);

  // report --variants: the largest effects and the figure.
  auto report = run_command(lnctrain("report --variants " + dir_ + "/two.tsv --out " + dir_ + "/report"));
  ASSERT_EQ(report.exit_code, 0) << report.output;
  const std::string top = read_file(dir_ + "/report/variants_top.md");
  EXPECT_NE(top.find("| 8 | chr1:"), std::string::npos) << top;  // all 8 rows ranked
  EXPECT_EQ(top.find("| 9 |"), std::string::npos) << top;
  EXPECT_GT(fs::file_size(dir_ + "/report/variants_effect.png"), 1000u);
}

// A LoRA run that exported only its adapter: score-variants attaches it to the run's pretrained base, and the scores
// equal its merged model's (up to the rounding of merging).
TEST_F(IntegrationScoreVariants, LoraAdapterRunScoresAsItsMergedModel) {
  torch::manual_seed(29);
  auto model = trainer::create_model(kmer3_bert());
  const std::string vocab = test_paths::source("data/assets/dnabert_vocab/3");
  trainer::save_model_directory(*model, dir_ + "/base", vocab);
  trainer::LoraSettings lora;
  lora.enabled = true;
  lora.r = 4;
  lora.alpha = 8;
  lora.dropout = 0;
  trainer::apply_lora(*model, lora);
  {
    torch::NoGradGuard no_grad;
    for (auto& p : model->named_parameters())
      if (p.key().find("lora_B") != std::string::npos) p.value().normal_(0, 0.2);
  }
  const std::string run = dir_ + "/lora_run";
  fs::create_directories(run);
  trainer::save_peft_adapter(*model, lora, run + "/adapter", dir_ + "/base");
  trainer::save_model_directory(*trainer::merged_copy(*model), dir_ + "/merged_reference", vocab);
  std::ofstream(run + "/config.toml") << "data.length = 100\nlora.enabled = true\nmodel.family = \"bert\"\n"
                                      << "model.pretrained = \"" << dir_ << "/base\"\n";

  data::FastaGenome genome(fasta_);
  const data::GtfAnnotation gtf = data::GtfAnnotation::read(gtf_);
  const data::PromoterIndex index(gtf, genome, data::TssRule::canonical_transcript, kLength);
  const GeneWindow* w = nullptr;
  for (const GeneWindow& x : index.windows())
    if (!w && x.chrom == "1" && index.overlapping("1", x.tss, x.tss).size() == 1) w = &x;
  ASSERT_NE(w, nullptr);
  const std::string ref = genome.fetch("1", w->tss, w->tss), alt = ref == "A" ? "C" : "A";
  write_file_atomic(dir_ + "/one.vcf", "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n1\t" +
                                           std::to_string(w->tss) + "\ttss\t" + ref + "\t" + alt + "\t.\t.\t.\n");
  auto scored = run_command(mpirun(1) + lnctrain("score-variants --run " + run + " --vcf " + dir_ + "/one.vcf --fasta " +
                                                 fasta_ + " --gtf " + gtf_ + " --device cpu"));
  ASSERT_EQ(scored.exit_code, 0) << scored.output;
  EXPECT_NE(scored.output.find(run + "/adapter on " + dir_ + "/base"), std::string::npos) << scored.output;
  const auto tsv = read_tsv(run + "/variant_scores.tsv");
  ASSERT_EQ(tsv.size(), 2u);
  EXPECT_EQ(tsv[1][7], "0");  // the TSS itself
  const auto& v = w->window;
  const std::string ref_window = w->strand == '-' ? reverse_complement(genome.fetch("1", v.start, v.end))
                                                  : genome.fetch("1", v.start, v.end);
  write_file_atomic(dir_ + "/ref.fa", ">r\n" + ref_window + "\n");
  auto p = run_command(lnctrain("predict --model " + dir_ + "/merged_reference --input " + dir_ + "/ref.fa --out " +
                                dir_ + "/ref.tsv"));
  ASSERT_EQ(p.exit_code, 0) << p.output;
  EXPECT_NEAR(std::stod(tsv[1][8]), std::stod(read_tsv(dir_ + "/ref.tsv")[1][4]), 1e-5);
  EXPECT_TRUE(fs::exists(run + "/variant_scores.vcf.gz.tbi"));
}

}  // namespace
}  // namespace lnc
