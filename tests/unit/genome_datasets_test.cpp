// End to end: build_genome_datasets on the real Ensembl excerpt with a generated genome and GCT, checked
// against independent computations (faidx fetches, hand-made exclusion zones), plus determinism and bad inputs.
#include <gtest/gtest.h>
#include <htslib/faidx.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "data/genome/genome_datasets.h"
#include "data/genome/gtf_annotation.h"
#include "base/atomic_file.h"
#include "tests/unit/genome_test_support.h"
#include "tests/unit/test_paths.h"

namespace lnc::data {
namespace {

struct CsvRow {
  std::string sequence;
  int label = 0;
  std::string gene_id, gene_name, biotype, chrom;
  std::int64_t tss = 0;
  char strand = 0;
};

std::vector<CsvRow> read_csv(const std::string& path) {
  std::istringstream in(read_file(path));
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "sequence,label,gene_id,gene_name,biotype,chrom,tss,strand");
  std::vector<CsvRow> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(cell);
    if (!line.empty() && line.back() == ',') f.push_back("");
    EXPECT_EQ(f.size(), 8u) << line;
    if (f.size() != 8) continue;
    CsvRow r{f[0], std::stoi(f[1]), f[2], f[3], f[4], f[5], f[6].empty() ? 0 : std::stoll(f[6]), f[7].empty() ? '\0' : f[7][0]};
    rows.push_back(r);
  }
  return rows;
}

// Ensembl excerpt genes get TPMs by biotype: protein_coding highest, lncRNA lowest, the rest in between.
void write_excerpt_gct(const std::string& path) {
  GtfAnnotation gtf = GtfAnnotation::read(genome_test::ensembl_gtf());
  std::vector<genome_test::GctRow> rows;
  int i = 0;
  for (const GtfGene& g : gtf.genes()) {
    // Classes never mix: each tissue ranks genes lncRNA < others < coding, by annotation order inside.
    double base = g.biotype == "protein_coding" ? 100 : g.biotype == "lncRNA" ? 0.01 : 10;
    ++i;
    rows.push_back({g.id + ".7", {base + 0.001 * i, base + 0.002 * i, base + 0.0005 * i}});
  }
  rows.push_back({"ENSG99999999999.1", {1, 2, 3}});
  genome_test::write_gct(path, {"Liver", "Lung", "Whole Blood"}, rows);
}

struct Fixture {
  std::string dir, fasta, gct;
};

Fixture make_inputs(const std::string& dir) {
  Fixture f{dir, dir + "/genome.fa", dir + "/tpm.gct"};
  genome_test::write_random_fasta(f.fasta, genome_test::excerpt_chromosomes(), 2024);
  write_excerpt_gct(f.gct);
  return f;
}

std::string base_config(const Fixture& f, const std::string& extra = "", const std::string& lengths = "[300, 1000]",
                        int seed = 7) {
  return "[genome]\nfasta = \"" + f.fasta + "\"\ngtf = \"" + genome_test::ensembl_gtf() + "\"\ngct = \"" + f.gct +
         "\"\nlengths = " + lengths + "\nexclusion_distance = 500\nseed = " + std::to_string(seed) + "\n" + extra;
}

std::map<std::string, std::string> all_files(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().string().find("/.faidx") == std::string::npos)
      out[std::filesystem::relative(e.path(), dir).string()] = read_file(e.path().string());
  return out;
}

TEST(GenomeDatasets, BuildsFourTasksAndRebuildsByteIdentically) {
  const std::string dir = genome_test::scratch_dir();
  Fixture f = make_inputs(dir);
  GenomeDatasetsConfig cfg = genome_test::parse_config_text(base_config(f));
  std::vector<BuiltDataset> built = build_genome_datasets(cfg, dir + "/out1");
  ASSERT_EQ(built.size(), 8u);
  EXPECT_EQ(built[0].name, "task1_300");
  EXPECT_EQ(built[7].name, "task4_1000");
  build_genome_datasets(cfg, dir + "/out2");
  auto a = all_files(dir + "/out1"), b = all_files(dir + "/out2");
  EXPECT_EQ(a.size(), 8u * 4 + 2);  // 3 CSVs + manifest each, expression_stats.tsv for the task3 pair
  EXPECT_TRUE(a == b) << "re-run differs";
  for (const auto& [name, content] : a) EXPECT_EQ(content, b[name]) << name;
  for (const auto& [name, content] : a) EXPECT_EQ(name.find(".tmp."), std::string::npos) << name;

  // Another seed changes the data.
  GenomeDatasetsConfig other = genome_test::parse_config_text(base_config(f, "tasks = [\"task2\"]\n", "[300]", 8));
  build_genome_datasets(other, dir + "/out3");
  EXPECT_NE(read_file(dir + "/out3/task2_300/train.csv"), a["task2_300/train.csv"]);
}

TEST(GenomeDatasets, SplitsKeepGenesAndOverlapsTogetherAndCountsMatch) {
  const std::string dir = genome_test::scratch_dir();
  Fixture f = make_inputs(dir);
  build_genome_datasets(genome_test::parse_config_text(base_config(f)), dir + "/out");
  for (const std::string name : {"task1_300", "task2_1000", "task3_300", "task4_1000"}) {
    const int length = name.back() == '0' && name.find("1000") != std::string::npos ? 1000 : 300;
    std::map<std::string, std::string> split_of_gene;
    std::vector<std::tuple<std::string, std::int64_t, std::int64_t, std::string>> windows;
    nlohmann::json manifest = nlohmann::json::parse(read_file(dir + "/out/" + name + "/manifest.json"));
    std::int64_t labels[2] = {0, 0};
    for (const std::string split : {"train", "dev", "test"}) {
      auto rows = read_csv(dir + "/out/" + name + "/" + split + ".csv");
      EXPECT_FALSE(rows.empty()) << name << " " << split;
      std::int64_t n[2] = {0, 0};
      for (const CsvRow& r : rows) {
        EXPECT_EQ(r.sequence.size(), static_cast<std::size_t>(length));
        ++n[r.label];
        if (!r.gene_id.empty()) {
          auto [it, fresh] = split_of_gene.emplace(r.gene_id, split);
          EXPECT_EQ(it->second, split) << name << ": gene " << r.gene_id << " in two splits";
        }
        std::int64_t start = r.strand == '+' ? r.tss - (length - 51) : r.tss - 50;
        windows.emplace_back(r.chrom, start, start + length - 1, split);
      }
      EXPECT_EQ(manifest["counts"][split]["0"].get<std::int64_t>(), n[0]) << name;
      EXPECT_EQ(manifest["counts"][split]["1"].get<std::int64_t>(), n[1]) << name;
      labels[0] += n[0];
      labels[1] += n[1];
    }
    EXPECT_EQ(labels[0], labels[1]) << name;  // tasks 1, 2 by construction; 3, 4 balanced
    std::sort(windows.begin(), windows.end());
    for (std::size_t i = 1; i < windows.size(); ++i) {
      const auto& p = windows[i - 1];
      const auto& q = windows[i];
      if (std::get<0>(p) == std::get<0>(q) && std::get<1>(q) <= std::get<2>(p))
        EXPECT_EQ(std::get<3>(p), std::get<3>(q)) << name << ": overlapping windows in two splits";
    }
  }
  // Task 4 is balanced by down-sampling the lncRNA side (28 lncRNA vs 14 coding genes annotated).
  nlohmann::json t4 = nlohmann::json::parse(read_file(dir + "/out/task4_1000/manifest.json"));
  EXPECT_EQ(t4["details"]["annotated_genes"]["1"], 14);
  EXPECT_EQ(t4["details"]["annotated_genes"]["0"], 28);
  EXPECT_GT(t4["skips"]["balanced_away_label_0"].get<int>(), 0);
  EXPECT_EQ(t4["inputs"]["gtf"]["sha256"], "20da8263e372fc4095307349463ebc6d88e984c5d39362a74d8f9f7793918f9a");
  EXPECT_EQ(t4["config"]["seed"], 7);
}

TEST(GenomeDatasets, Task2NegativesAvoidEveryPromoterAndMatchTheGenome) {
  const std::string dir = genome_test::scratch_dir();
  Fixture f = make_inputs(dir);
  build_genome_datasets(genome_test::parse_config_text(base_config(f, "tasks = [\"task2\"]\n")), dir + "/out");
  GtfAnnotation gtf = GtfAnnotation::read(genome_test::ensembl_gtf());
  std::vector<std::pair<std::int64_t, char>> tss;  // every annotated 5' end
  for (const GtfTranscript& t : gtf.transcripts()) tss.emplace_back(t.strand == '-' ? t.end : t.start, t.strand);
  for (const GtfGene& g : gtf.genes()) tss.emplace_back(g.strand == '-' ? g.end : g.start, g.strand);
  faidx_t* fai = fai_load(f.fasta.c_str());
  ASSERT_NE(fai, nullptr);
  for (int length : {300, 1000}) {
    int negatives = 0;
    for (const std::string split : {"train", "dev", "test"}) {
      for (const CsvRow& r : read_csv(dir + "/out/task2_" + std::to_string(length) + "/" + split + ".csv")) {
        if (r.label != 0) continue;
        ++negatives;
        EXPECT_TRUE(r.gene_id.empty() && r.gene_name.empty() && r.biotype.empty());
        ASSERT_TRUE(r.chrom == "1" || r.chrom == "2") << r.chrom;
        std::int64_t start = r.strand == '+' ? r.tss - (length - 51) : r.tss - 50;
        std::int64_t end = start + length - 1;
        for (const auto& [t, s] : tss) {
          if (r.chrom != "1") break;
          // promoter region: the promoter window at t widened by exclusion_distance = 500
          std::int64_t ps = (s == '-' ? t - 50 : t - (length - 51)) - 500;
          std::int64_t pe = (s == '-' ? t + (length - 51) : t + 50) + 500;
          EXPECT_TRUE(end < ps || start > pe) << "negative " << start << "-" << end << " near TSS " << t;
        }
        hts_pos_t got = 0;
        char* raw = faidx_fetch_seq64(fai, r.chrom.c_str(), start - 1, end - 1, &got);
        std::string s(raw, static_cast<std::size_t>(got));
        std::free(raw);
        for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (r.strand == '-') {
          std::reverse(s.begin(), s.end());
          for (char& c : s) c = c == 'A' ? 'T' : c == 'T' ? 'A' : c == 'C' ? 'G' : 'C';
        }
        EXPECT_EQ(s, r.sequence);
        EXPECT_EQ(r.sequence.find('N'), std::string::npos);  // n_max_fraction = 0
      }
    }
    EXPECT_GT(negatives, 20);
  }
  fai_destroy(fai);
}

TEST(GenomeDatasets, Task3HighAndLowSetsAndStats) {
  const std::string dir = genome_test::scratch_dir();
  Fixture f = make_inputs(dir);
  build_genome_datasets(genome_test::parse_config_text(base_config(f, "tasks = [\"task3\"]\n")), dir + "/out");
  nlohmann::json m = nlohmann::json::parse(read_file(dir + "/out/task3_300/manifest.json"));
  // 84 genes; p75 falls among the "other" biotypes and p25 among lncRNA (see write_excerpt_gct):
  // every coding gene is high, the 21 lowest lncRNA genes (of 28) are low.
  EXPECT_EQ(m["details"]["population_genes"], 84);
  EXPECT_EQ(m["details"]["high_genes"], 14);
  EXPECT_EQ(m["details"]["low_genes"], 21);
  EXPECT_EQ(m["details"]["counts"]["gct_gene_not_in_gtf"], 1);
  EXPECT_EQ(m["details"]["tpm_by_biotype"]["protein_coding"]["genes"], 14);
  std::set<std::string> biotypes[2];
  for (const std::string split : {"train", "dev", "test"})
    for (const CsvRow& r : read_csv(dir + "/out/task3_300/" + split + ".csv")) biotypes[r.label].insert(r.biotype);
  EXPECT_EQ(biotypes[1], std::set<std::string>{"protein_coding"});
  EXPECT_EQ(biotypes[0], std::set<std::string>{"lncRNA"});
  std::string stats = read_file(dir + "/out/task3_300/expression_stats.tsv");
  EXPECT_EQ(stats.rfind("biotype\tgenes\tvalues\tpooled_mean", 0), 0u);
  EXPECT_NE(stats.find("\nlncRNA\t28\t84\t"), std::string::npos) << stats;
}

TEST(GenomeDatasets, GuePositivesAndDinucleotideNegatives) {
  const std::string dir = genome_test::scratch_dir();
  Fixture f = make_inputs(dir);
  const std::string gue = dir + "/gue.csv";
  {
    std::ofstream out(gue);
    out << "sequence,label\n";
    DeterministicRng rng(1);
    for (int i = 0; i < 40; ++i) {
      std::string s;
      for (int k = 0; k < 300; ++k) s += "acgt"[rng.below(4)];
      out << s << "," << (i % 3 == 0 ? 0 : 1) << "\n";
      if (i == 5) out << s << ",1\n";  // a duplicate
    }
  }
  GenomeDatasetsConfig cfg = genome_test::parse_config_text(base_config(
      f, "tasks = [\"task1\", \"task2\"]\ngue_csv = [\"" + gue + "\"]\nnegatives_shuffle = \"dinucleotide\"\n", "[300]"));
  build_genome_datasets(cfg, dir + "/out");
  nlohmann::json m = nlohmann::json::parse(read_file(dir + "/out/task1_300/manifest.json"));
  EXPECT_EQ(m["skips"]["duplicate_sequence"], 1);
  std::int64_t total = 0;
  std::map<std::string, std::string> split_of;
  std::map<std::string, int> positives_by_split;
  for (const std::string split : {"train", "dev", "test"})
    for (const CsvRow& r : read_csv(dir + "/out/task1_300/" + split + ".csv")) {
      ++total;
      EXPECT_TRUE(r.chrom.empty() && r.tss == 0 && r.strand == '\0');
      EXPECT_EQ(r.sequence.find_first_of("acgt"), std::string::npos);
    }
  EXPECT_EQ(total, 2 * 26);  // 27 label-1 rows, one duplicate
  // Positive/shuffle pairs share a split: each split has as many of each label.
  for (const std::string split : {"train", "dev", "test"}) {
    EXPECT_EQ(m["counts"][split]["0"], m["counts"][split]["1"]) << split;
  }
  EXPECT_THROW(build_genome_datasets(genome_test::parse_config_text(base_config(
                                         f, "tasks = [\"task1\"]\ngue_csv = [\"" + gue + "\"]\n", "[500]")),
                                     dir + "/bad"),
               InputError);
}

TEST(GenomeDatasets, GencodeExcerptWithUcscNamesAndOldLncrnaTypes) {
  const std::string dir = genome_test::scratch_dir();
  const std::string fasta = dir + "/ucsc.fa";
  genome_test::write_random_fasta(fasta, {{"chr1", 1600000, {{1, 10000}}}}, 5);
  GenomeDatasetsConfig cfg = genome_test::parse_config_text(
      "[genome]\nfasta = \"" + fasta + "\"\ngtf = \"" + genome_test::gencode_gtf() +
      "\"\ntasks = [\"task4\"]\nlengths = [500]\nlncrna_biotypes = [\"lincRNA\", \"antisense\"]\n");
  std::vector<BuiltDataset> built = build_genome_datasets(cfg, dir + "/out");
  ASSERT_EQ(built.size(), 1u);
  nlohmann::json m = nlohmann::json::parse(read_file(built[0].manifest));
  EXPECT_EQ(m["details"]["annotated_genes"]["1"], 37);
  EXPECT_EQ(m["details"]["annotated_genes"]["0"], 29);
  EXPECT_EQ(m["chromosomes"]["annotation_to_fasta"]["chr1"], "chr1");
  // GENCODE v29 has appris and basic tags but no Ensembl_canonical / MANE tags.
  EXPECT_EQ(m["annotation"]["tss_source"].count("Ensembl_canonical"), 0u);
  EXPECT_GT(m["annotation"]["tss_source"]["appris_principal"].get<int>(), 0);
  std::set<std::string> biotypes;
  for (const std::string split : {"train", "dev", "test"})
    for (const CsvRow& r : read_csv(dir + "/out/task4_500/" + split + ".csv")) {
      biotypes.insert(r.biotype);
      EXPECT_EQ(r.gene_id.rfind("ENSG", 0), 0u);
      EXPECT_NE(r.gene_id.find('.'), std::string::npos);  // GENCODE ids keep their version in the CSV
    }
  EXPECT_TRUE(biotypes.count("protein_coding") && (biotypes.count("lincRNA") || biotypes.count("antisense")));
}

TEST(GenomeDatasets, TooSmallForDevAndTestIsAnError) {
  const std::string dir = genome_test::scratch_dir();
  Fixture f = make_inputs(dir);
  // Only the excerpt's snRNA genes (3) as task 1/2 promoters: 6 rows cannot fill three splits.
  try {
    build_genome_datasets(genome_test::parse_config_text(base_config(f, "tasks = [\"task1\"]\npromoter_biotypes = [\"snRNA\"]\n", "[300]")),
                          dir + "/out");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("too few"), std::string::npos) << e.what();
  }
}

void expect_error(const std::function<void()>& run, const std::vector<std::string>& needles) {
  try {
    run();
    FAIL() << "no error";
  } catch (const InputError& e) {
    for (const auto& n : needles) EXPECT_NE(std::string(e.what()).find(n), std::string::npos) << e.what();
  }
}

TEST(GenomeDatasets, BadInputsNameFileAndKey) {
  const std::string dir = genome_test::scratch_dir();
  Fixture f = make_inputs(dir);
  // Empty class.
  expect_error([&] {
    build_genome_datasets(genome_test::parse_config_text(base_config(f, "tasks = [\"task4\"]\nlncrna_biotypes = [\"nope\"]\n")),
                          dir + "/o1");
  }, {genome_test::ensembl_gtf(), "genome.lncrna_biotypes", "lncRNA class"});
  expect_error([&] {
    build_genome_datasets(genome_test::parse_config_text(base_config(f, "tasks = [\"task3\"]\ntask3_biotypes = [\"snRNA\"]\n")),
                          dir + "/o2");
  }, {f.gct, "empty"});
  // FASTA without the annotation's chromosomes.
  const std::string other = dir + "/other.fa";
  genome_test::write_random_fasta(other, {{"chrZ", 5000, {}}}, 1);
  Fixture g = f;
  g.fasta = other;
  expect_error([&] { build_genome_datasets(genome_test::parse_config_text(base_config(g)), dir + "/o3"); },
               {other, "none of the chromosomes", "1"});
  // GCT whose header disagrees with its dimensions.
  Fixture h = f;
  h.gct = dir + "/bad.gct";
  std::ofstream(h.gct) << "#1.2\n1\t2\nName\tDescription\tLiver\nG\tg\t1\t2\n";
  expect_error([&] { build_genome_datasets(genome_test::parse_config_text(base_config(h, "tasks = [\"task3\"]\n")), dir + "/o4"); },
               {h.gct + ":3:", "dimensions"});
  // Malformed GTF line.
  const std::string gtf = dir + "/bad.gtf";
  std::ofstream(gtf) << "1\tx\tgene\t10\t20\t.\t+\t.\tgene_id \"G\";\n1\tx\tgene\t10\n";
  expect_error([&] {
    build_genome_datasets(genome_test::parse_config_text("[genome]\nfasta = \"" + f.fasta + "\"\ngtf = \"" + gtf +
                                                         "\"\ntasks = [\"task4\"]\n"),
                          dir + "/o5");
  }, {gtf + ":2:", "fields"});
}

TEST(GenomeDatasetsConfig, ValidatesKeysAndExpandsEnvironment) {
  ::setenv("LNC_TEST_GENOME_DIR", "/data/ref", 1);
  GenomeDatasetsConfig c = genome_test::parse_config_text(
      "[genome]\nfasta = \"${LNC_TEST_GENOME_DIR}/g.fa\"\ngtf = \"a.gtf\"\ntasks = [\"task4\", \"task1\"]\n"
      "task1_lengths = [300]\n");
  EXPECT_EQ(c.fasta, "/data/ref/g.fa");
  EXPECT_EQ(c.tasks, (std::vector<std::string>{"task1", "task4"}));
  EXPECT_EQ(c.lengths.at("task1"), std::vector<std::int64_t>{300});
  EXPECT_EQ(c.lengths.at("task4"), (std::vector<std::int64_t>{300, 500, 1000, 2000}));
  EXPECT_EQ(c.seed, 42u);
  EXPECT_EQ(c.tss_rule, TssRule::canonical_transcript);

  ::unsetenv("LNC_TEST_UNSET_VAR");
  expect_error([] { genome_test::parse_config_text("[genome]\nfasta = \"${LNC_TEST_UNSET_VAR}/g.fa\"\ngtf = \"a\"\n", "c.toml"); },
               {"c.toml:2", "genome.fasta", "LNC_TEST_UNSET_VAR"});
  expect_error([] { genome_test::parse_config_text("[genome]\nfasta = \"f\"\ngtf = \"a\"\nfrobnicate = 1\n", "c.toml"); },
               {"c.toml:4", "frobnicate", "unknown key"});
  expect_error([] { genome_test::parse_config_text("[genome]\nfasta = \"f\"\ngtf = \"a\"\ntasks = [\"task3\"]\n", "c.toml"); },
               {"genome.gct"});
  expect_error([] { genome_test::parse_config_text("[genome]\nfasta = \"f\"\ngtf = \"a\"\ntrain_fraction = 0.5\n", "c.toml"); },
               {"must be 1"});
  expect_error([] { genome_test::parse_config_text("[genome]\nfasta = \"f\"\ngtf = \"a\"\nlengths = [50]\n", "c.toml"); },
               {"genome.lengths", "51"});
  expect_error([] { genome_test::parse_config_text("[genome]\ngtf = \"a\"\n", "c.toml"); }, {"genome.fasta", "missing"});
  expect_error([] { genome_test::parse_config_text("[genome]\nfasta = \"${LNC_TEST_GENOME_DIR/g.fa\"\ngtf = \"a\"\n", "c.toml"); },
               {"c.toml:2", "genome.fasta", "unterminated"});
  expect_error([] { genome_test::parse_config_text("[genome]\nfasta = \"f\"\ngtf = \"a\"\ntss_rule = \"first\"\n", "c.toml"); },
               {"c.toml:4", "genome.tss_rule", "canonical_transcript"});
}

// The shipped configs parse; the excerpt one builds end to end against a generated stand-in genome.
TEST(GenomeDatasetsConfig, ShippedConfigs) {
  const std::string dir = genome_test::scratch_dir();
  genome_test::write_random_fasta(dir + "/Homo_sapiens.GRCh38.dna.primary_assembly.fa",
                                  genome_test::excerpt_chromosomes(), 99);
  ::setenv("LNC_GENOME_DIR", dir.c_str(), 1);
  ::setenv("LNC_GTEX_DIR", dir.c_str(), 1);
  ::setenv("LNC_GUE_DIR", dir.c_str(), 1);
  char cwd[4096];
  ASSERT_NE(::getcwd(cwd, sizeof cwd), nullptr);
  ASSERT_EQ(::chdir(test_paths::source_dir().c_str()), 0);  // config paths are relative to the repository root
  auto parse_file = [](const std::string& path) {
    toml::table root = config::parse_toml_file(path);
    config::TomlReader top(root, path);
    top.accept("dataset");
    top.accept("tokenizers");
    config::TomlReader genome = top.table("genome");
    return parse_genome_config(genome);
  };
  GenomeDatasetsConfig study = parse_file("configs/datasets/study_genome.toml");
  GenomeDatasetsConfig excerpt = parse_file("configs/datasets/ensembl_chr1_excerpt.toml");
  std::vector<BuiltDataset> built;
  try {
    built = build_genome_datasets(excerpt, dir + "/out");
  } catch (...) {
    (void)::chdir(cwd);
    throw;
  }
  ASSERT_EQ(::chdir(cwd), 0);
  EXPECT_EQ(study.fasta, dir + "/Homo_sapiens.GRCh38.dna.primary_assembly.fa");
  EXPECT_EQ(study.tasks.size(), 4u);
  EXPECT_EQ(study.lengths.at("task3"), (std::vector<std::int64_t>{300, 500, 1000, 2000}));
  EXPECT_EQ(study.gue_csv.size(), 3u);
  EXPECT_EQ(built.size(), 12u);
  for (const BuiltDataset& b : built) EXPECT_TRUE(std::filesystem::exists(b.test_csv)) << b.name;
}

}  // namespace
}  // namespace lnc::data
