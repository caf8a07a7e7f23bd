// A catalogue of bad inputs, one real distinct input per case: each must end in an InputError (in-process) or a
// non-zero exit of the real lnctrain binary (CLI cases), with a message naming the file and the line or key, and
// must leave nothing half-written (no "*.tmp.*" file, no partial output) in its scratch directory.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "data/datasets/csv_splits.h"
#include "data/genome/fasta_genome.h"
#include "data/genome/gtex_gct.h"
#include "data/genome/gtf_annotation.h"
#include "base/atomic_file.h"
#include "base/input_error.h"
#include "data/sequences/fasta_sequences.h"
#include "data/sequences/labeled_csv.h"
#include "data/sequences/sequence_input.h"
#include "data/token_store/token_store.h"
#include "data/tokenizers/bpe_tokenizer.h"
#include "data/tokenizers/kmer_tokenizer.h"
#include "data/tokenizers/tokenizer_loader.h"
#include "data/tokenizers/vocab_file.h"
#include "config/prepare_config.h"
#include "config/run_config.h"
#include "results/motifs/motif_database.h"
#include "results/store/results_store.h"
#include "trainer/checkpoint/training_progress.h"
#include "trainer/models/hf_config.h"
#include "tests/unit/mpi_launch.h"
#include "tests/unit/test_paths.h"

namespace lnc {
namespace {

namespace fs = std::filesystem;

void write_text(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// Files under `dir` whose name marks a temporary (AtomicFile: "<path>.tmp.<pid>").
std::vector<std::string> leftovers(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().filename().string().find(".tmp.") != std::string::npos) out.push_back(e.path().string());
  return out;
}

const char* kGrid = R"([job]
name = "catalogue"
store = "results.sqlite"
output_dir = "runs"

[data]
task = "prom_300_notata"
length = 300
tokenizer = "kmer"
k = 3
tokens = "tokens.h5"

[model]
family = "bert"
preset = "tiny"

[optimizer]
lr = 1e-3

[training]
epochs = 3
global_batch_size = 32

[grid]
"optimizer.lr" = [1e-3, 3e-4]
)";

const char* kDataset = R"([dataset]
name = "prom"
output_dir = "out"
source = "csv"

[csv]
train = "train.csv"
test = "test.csv"
dev_fraction = 0.1

[[tokenizers]]
kind = "kmer"
k = 3
vocab = "vocab.txt"
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  if (pos == std::string::npos) throw std::logic_error("catalogue base lacks '" + from + "'");
  return text.replace(pos, from.size(), to);
}

const char* kGctHead = "#1.2\n2\t2\nName\tDescription\tLiver\tLung\n";

// One in-process case: the file written, the parser called on it, and where the message must point.
struct Case {
  std::string name;
  std::string file;     // written in the case's scratch directory
  std::string content;
  std::function<void(const std::string& path)> parse;
  std::string where;    // ":LINE:" or "key 'KEY'" that the message must contain after the path
};

void grid(const std::string& p) { (void)config::load_grid_config(p); }
void dataset(const std::string& p) { (void)config::load_prepare_config(p); }
void csv(const std::string& p) { (void)data::read_labeled_csv(p); }
void fasta(const std::string& p) { (void)data::read_fasta_sequences(p); }
void any_sequences(const std::string& p) { (void)data::read_sequences(p); }
void gtf(const std::string& p) { (void)data::GtfAnnotation::read(p); }
void gct(const std::string& p) { (void)data::GtexGct::read(p); }
void vocab(const std::string& p) { (void)data::VocabFile::load(p); }
void kmer3(const std::string& p) { (void)data::KmerTokenizer::from_vocab_file(p, 3); }
void bpe(const std::string& p) { (void)data::BpeTokenizer::from_tokenizer_json(p); }
// The file is the training CSV; a valid test.csv is written beside it (the classes come from train).
void csv_splits_with_train(const std::string& p) {
  write_text((fs::path(p).parent_path() / "test.csv").string(), "sequence,label\nACGTAC,0\nTTGACA,1\n");
  (void)data::load_csv_splits(p, "", (fs::path(p).parent_path() / "test.csv").string(), 0.0, 1);
}
void hf_config(const std::string& p) { (void)trainer::read_hf_config(p); }
void progress(const std::string& p) { (void)trainer::progress_from_json(read_file(p), p); }
const std::string kProgress =
    "{\"batch\": 3, \"best_dev_loss\": null, \"best_epoch\": -1, \"config_hash\": \"9246\", \"epoch\": 0, "
    "\"format\": 1, \"group_size\": 1, \"metrics\": [], \"step\": 3, \"total_steps\": 800}";
void model_dir_of(const std::string& p) { (void)data::load_tokenizer(fs::path(p).parent_path().string()); }

// A motif database (results/motifs/motif_database.h). The case's content is SQL: the file is replaced by the SQLite
// database it builds, in pyjaspar's schema (or not), before it is read.
void jaspar_sqlite(const std::string& p) {
  const std::string script = read_file(p);
  fs::remove(p);
  sqlite3* db = nullptr;
  sqlite3_open(p.c_str(), &db);
  char* err = nullptr;
  if (sqlite3_exec(db, script.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string message = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    throw std::logic_error("catalogue SQL: " + message);
  }
  sqlite3_close(db);
  (void)results::motifs::read_motif_database(p);
}
void motif_file(const std::string& p) { (void)results::motifs::read_motif_database(p); }
const std::string kJasparSchema = R"SQL(
  CREATE TABLE MATRIX(ID integer NOT NULL, COLLECTION varchar(16), BASE_ID varchar(16), VERSION integer, NAME varchar(255));
  CREATE TABLE MATRIX_DATA(ID integer NOT NULL, row varchar(1) NOT NULL, col integer NOT NULL, val float(10,3));
  CREATE TABLE MATRIX_ANNOTATION(ID integer NOT NULL, TAG varchar(255), VAL varchar(255));
  INSERT INTO MATRIX VALUES(1, 'CORE', 'MA0108', 3, 'TBP');
  INSERT INTO MATRIX_ANNOTATION VALUES(1, 'tax_group', 'vertebrates');
  INSERT INTO MATRIX_DATA VALUES(1,'A',1,16),(1,'C',1,46),(1,'G',1,18),(1,'T',1,309),
                                (1,'A',2,352),(1,'C',2,0),(1,'G',2,2),(1,'T',2,35);
)SQL";

// DNABERT-2's tokenizer.json cut to its first 60 merges (the fuzz seed; tests/fuzz/README.md says how it was made).
std::string small_dnabert2_json() {
  return read_file(test_paths::source("tests/fuzz/corpus/bpe_tokenizer_json_fuzz/dnabert2_first_60_merges.json"));
}

const std::string kGtfGene =
    "1\tensembl\tgene\t11869\t14409\t.\t+\t.\tgene_id \"ENSG00000223972\"; gene_biotype \"lncRNA\";\n";

std::vector<Case> cases() {
  return {
      // Grid TOML (config/run_config_parser.cpp)
      {"GridWrongType", "grid.toml", replaced(kGrid, "epochs = 3", "epochs = \"three\""), grid, "key 'training.epochs'"},
      {"GridUnknownKey", "grid.toml", replaced(kGrid, "lr = 1e-3\n", "lr = 1e-3\nlearning_rate = 1e-3\n"), grid,
       "key 'optimizer.learning_rate'"},
      {"GridMissingRequiredKey", "grid.toml", replaced(kGrid, "task = \"prom_300_notata\"\n", ""), grid, "key 'data.task'"},
      {"GridBadChoice", "grid.toml", replaced(kGrid, "tokenizer = \"kmer\"", "tokenizer = \"wordpiece\""), grid,
       "key 'data.tokenizer'"},
      // Floats must be finite (TOML spells nan and inf), and the ones positive by nature are checked like integers.
      // (the base grid's lr is a grid axis, whose values replace the table's own; the axis case covers lr)
      {"GridNanWeightDecay", "grid.toml", replaced(kGrid, "lr = 1e-3\n", "lr = 1e-3\nweight_decay = nan\n"), grid,
       "key 'optimizer.weight_decay'"},
      {"GridInfMaxGradNorm", "grid.toml", replaced(kGrid, "lr = 1e-3\n", "lr = 1e-3\nmax_grad_norm = inf\n"), grid,
       "key 'optimizer.max_grad_norm'"},
      {"GridNanInGridAxis", "grid.toml", replaced(kGrid, "[1e-3, 3e-4]", "[1e-3, nan]"), grid, "key 'optimizer.lr'"},
      {"GridNegativeInfDropout", "grid.toml", replaced(kGrid, "preset = \"tiny\"", "preset = \"tiny\"\nhidden_dropout = -inf"),
       grid, "key 'model.hidden_dropout'"},
      {"GridNegativeEps", "grid.toml", replaced(kGrid, "lr = 1e-3\n", "lr = 1e-3\neps = -1e-8\n"), grid, "key 'optimizer.eps'"},
      {"GridBetaOfOne", "grid.toml", replaced(kGrid, "lr = 1e-3\n", "lr = 1e-3\nbeta2 = 1.0\n"), grid, "key 'optimizer.beta2'"},
      {"GridNanLoraAlpha", "grid.toml", replaced(kGrid, "[optimizer]", "[lora]\nalpha = nan\n\n[optimizer]"), grid,
       "key 'lora.alpha'"},
      {"GridInfInCValues", "grid.toml", replaced(kGrid, "preset = \"tiny\"", "preset = \"tiny\"\nc_values = [1.0, inf]"),
       grid, "key 'model.c_values'"},
      {"DatasetNanFraction", "dataset.toml", replaced(kDataset, "dev_fraction = 0.1", "dev_fraction = nan"), dataset,
       "key 'csv.dev_fraction'"},
      {"GridZeroMaxAttempts", "grid.toml", replaced(kGrid, "[job]\n", "[job]\nmax_attempts = 0\n"), grid,
       "key 'job.max_attempts'"},
      {"GridKOutOfRange", "grid.toml", replaced(kGrid, "k = 3", "k = 9"), grid, "key 'data.k'"},
      {"GridNegativeBatch", "grid.toml", replaced(kGrid, "global_batch_size = 32", "global_batch_size = -4"), grid,
       "key 'training.global_batch_size'"},
      {"GridHeadsDoNotDivideHidden", "grid.toml", replaced(kGrid, "preset = \"tiny\"", "preset = \"tiny\"\nnum_heads = 5"),
       grid, "key 'model.num_heads'"},
      {"GridHiddenSizeOverflowsInt", "grid.toml",
       replaced(kGrid, "preset = \"tiny\"", "preset = \"tiny\"\nhidden_size = 4294967360"), grid, "key 'model.hidden_size'"},
      {"GridEmptyAxis", "grid.toml", replaced(kGrid, "[1e-3, 3e-4]", "[]"), grid, "key 'grid.optimizer.lr'"},
      {"GridAxisOnUnknownKey", "grid.toml", replaced(kGrid, "\"optimizer.lr\"", "\"optimizer.momentum\""), grid,
       "optimizer.momentum"},
      // Settings of the whole job as grid axes, or made to differ by a family recipe (config/run_config.h)
      {"GridAxisOverDevice", "grid.toml",
       replaced(kGrid, "\"optimizer.lr\" =", "\"training.device\" = [\"cpu\", \"cuda\"]\n\"optimizer.lr\" ="), grid,
       "key 'grid.training.device'"},
      {"GridRecipeMakesThreadsDiffer", "grid.toml",
       replaced(kGrid, "[grid]\n\"optimizer.lr\" = [1e-3, 3e-4]",
                "[recipes.esm.training]\nthreads_per_rank = 2\n[grid]\n\"model.family\" = [\"bert\", \"esm\"]"),
       grid, "key 'recipes.esm.training.threads_per_rank'"},
      {"GridTomlSyntaxError", "grid.toml", replaced(kGrid, "[model]", "[model"), grid, ":13:"},
      {"GridUndefinedEnvVariable", "grid.toml",
       replaced(kGrid, "tokens = \"tokens.h5\"", "tokens = \"${LNC_CATALOGUE_UNSET_VARIABLE}/tokens.h5\""), grid,
       "key 'data.tokens'"},
      // Dataset TOML (config/prepare_config_parser.cpp, config/genome_dataset_config.cpp)
      {"DatasetNoTokenizers", "dataset.toml", kDataset, [](const std::string& p) {
         write_text(p, std::string(kDataset).substr(0, std::string(kDataset).find("[[tokenizers]]")));
         dataset(p);
       }, "key 'tokenizers'"},
      {"DatasetDevFractionOutOfRange", "dataset.toml", replaced(kDataset, "dev_fraction = 0.1", "dev_fraction = 1.5"),
       dataset, "key 'csv.dev_fraction'"},
      {"DatasetUnknownSource", "dataset.toml", replaced(kDataset, "source = \"csv\"", "source = \"bam\""), dataset,
       "key 'dataset.source'"},
      {"DatasetGenomeWithoutTable", "dataset.toml", replaced(kDataset, "source = \"csv\"", "source = \"genome\""),
       dataset, "key 'genome'"},
      {"DatasetGenomeShortLength", "dataset.toml",
       "[dataset]\nname = \"g\"\noutput_dir = \"out\"\nsource = \"genome\"\n\n[genome]\nfasta = \"g.fa\"\ngtf = \"a.gtf\"\n"
       "tasks = [\"task1\"]\nlengths = [30]\n\n[[tokenizers]]\nkind = \"kmer\"\nk = 3\nvocab = \"vocab.txt\"\n",
       dataset, "key 'genome.lengths'"},
      {"DatasetTokenizerKOutOfRange", "dataset.toml", replaced(kDataset, "k = 3", "k = 2"), dataset,
       "key 'tokenizers"},
      // GUE CSV (data/sequences/labeled_csv.cpp)
      {"CsvEmptyFile", "train.csv", "", csv, ":1:"},
      {"CsvWrongHeader", "train.csv", "seq,class\nACGT,1\n", csv, ":1:"},
      {"CsvNegativeLabel", "train.csv", "sequence,label\nACGTAC,1\nACGTAC,-1\n", csv, ":3:"},
      {"CsvNonDnaLetter", "train.csv", "sequence,label\nACGTAC,1\nACGUAC,0\n", csv, ":3:"},
      {"CsvMissingComma", "train.csv", "sequence,label\nACGTAC1\n", csv, ":2:"},
      {"CsvHeaderOnly", "train.csv", "sequence,label\n", csv, "no examples"},
      {"CsvTruncatedGzip", "train.csv.gz", "", [](const std::string& p) {
         std::string gz = read_file(test_paths::source("data/assets/gue/prom_300_notata/dev.csv.gz"));
         write_text(p, gz.substr(0, 3000));  // cut inside the deflate stream
         csv(p);
       }, "train.csv.gz"},
      // Empty classes (data/datasets/class_coverage.h): labels are classes 0..C-1 defined by train, each present.
      {"CsvEmptyClassInTrain", "train.csv", "sequence,label\nACGTAC,0\nTTGACA,2\nGGGACA,0\n", csv_splits_with_train,
       "key 'label': class 1 of 0..2 has no training examples"},
      {"CsvSingleClassInTrain", "train.csv", "sequence,label\nACGTAC,0\nTTGACA,0\n", csv_splits_with_train,
       "key 'label'"},
      {"CsvTestLabelNotATrainClass", "test.csv", "sequence,label\nACGTAC,1\nTTGACA,3\n", [](const std::string& p) {
         const std::string train = (fs::path(p).parent_path() / "train.csv").string();
         write_text(train, "sequence,label\nACGTAC,0\nTTGACA,1\n");
         (void)data::load_csv_splits(train, "", p, 0.0, 1);
       }, ":3: key 'label'"},
      // FASTA (data/sequences/fasta_sequences.cpp, sequence_input.cpp)
      {"FastaSequenceBeforeHeader", "input.fa", "ACGT\n>s1\nACGT\n", fasta, ":1:"},
      {"FastaHeaderWithoutName", "input.fa", ">s1\nACGT\n>\nACGT\n", fasta, ":3:"},
      {"FastaRecordWithoutSequence", "input.fa", ">s1\nACGT\n>s2\n>s3\nACGT\n", fasta, ":3:"},
      {"FastaNonDnaLetter", "input.fa", ">s1\nACGT\nACXT\n", fasta, ":3:"},
      {"SequenceCsvQuotedField", "input.csv", "id,sequence\n\"a\",ACGT\n", any_sequences, ":2:"},
      // Genome FASTA through HTSlib faidx (data/genome/fasta_genome.cpp). Regression of a fuzzing find: a line of
      // control bytes gave an index with 0 bases per line, and the fetch died with SIGFPE inside HTSlib.
      {"GenomeFastaLineWithoutBases", "genome.fa", std::string(">chr1\n\xff\x00\x13\x15\nTGTA", 15),
       [](const std::string& p) {
         data::FastaGenome genome(p);
         (void)genome.fetch("chr1", 1, 2);
       }, "key 'chr1'"},
      {"GenomeFastaWithByteOrderMark", "genome.fa", "\xEF\xBB\xBF>chr1\nACGTACGTAC\n",
       [](const std::string& p) { data::FastaGenome genome(p); }, ":1:"},
      {"GenomeFastaPlainGzip", "genome.fa.gz", "", [](const std::string& p) {
         fs::copy_file(test_paths::source("data/assets/annotation/ensembl_human.gtf.gz"), p,
                       fs::copy_options::overwrite_existing);
         data::FastaGenome genome(p);
       }, "bgzip"},
      // GTF (data/genome/gtf_annotation.cpp)
      {"GtfTooFewColumns", "a.gtf", kGtfGene + "1\tensembl\tgene\t100\n", gtf, ":2:"},
      {"GtfEndBeforeStart", "a.gtf", "1\tensembl\tgene\t500\t100\t.\t+\t.\tgene_id \"G1\";\n", gtf, ":1:"},
      {"GtfBadStrand", "a.gtf", "1\tensembl\tgene\t100\t500\t.\t*\t.\tgene_id \"G1\";\n", gtf, ":1:"},
      {"GtfNonNumericStart", "a.gtf", "1\tensembl\tgene\tabc\t500\t.\t+\t.\tgene_id \"G1\";\n", gtf, ":1:"},
      {"GtfUnterminatedAttribute", "a.gtf", "1\tensembl\tgene\t100\t500\t.\t+\t.\tgene_id \"G1;\n", gtf, ":1:"},
      {"GtfNoGenes", "a.gtf", "#!genome-build GRCh38\n", gtf, "a.gtf"},
      // GTEx GCT (data/genome/gtex_gct.cpp)
      {"GctNotVersion12", "e.gct", "#1.3\n1\t1\nName\tDescription\tLiver\nG1\tg\t1\n", gct, ":1:"},
      {"GctRowCountDisagrees", "e.gct", std::string(kGctHead) + "G1\tg1\t1\t2\n", gct, ":2:"},
      {"GctNonNumericTpm", "e.gct", std::string(kGctHead) + "G1\tg1\t1\t2\nG2\tg2\tNA\t2\n", gct, ":5:"},
      {"GctNegativeTpm", "e.gct", std::string(kGctHead) + "G1\tg1\t1\t-2\nG2\tg2\t1\t2\n", gct, ":4:"},
      {"GctRepeatedGeneAfterVersionStrip", "e.gct", std::string(kGctHead) + "G1.1\tg1\t1\t2\nG1.2\tg1\t1\t2\n", gct,
       ":5:"},
      {"GctShortRow", "e.gct", std::string(kGctHead) + "G1\tg1\t1\nG2\tg2\t1\t2\n", gct, ":4:"},
      // Tokenizer files and model directories (data/tokenizers)
      {"VocabDuplicateToken", "vocab.txt", "[PAD]\n[UNK]\nAAA\nAAA\n", vocab, ":4:"},
      {"VocabEmpty", "vocab.txt", "", vocab, "vocab.txt"},
      {"VocabLacksSpecialToken", "vocab.txt", "[PAD]\nAAA\nAAC\n", kmer3, "vocab.txt"},
      {"TokenizerJsonInvalid", "tokenizer.json", "{\"model\": {\"type\": \"BPE\", ", bpe, "tokenizer.json"},
      {"TokenizerJsonWrongModelType", "tokenizer.json", "", [](const std::string& p) {
         write_text(p, replaced(small_dnabert2_json(), "\"type\": \"BPE\"", "\"type\": \"WordPiece\""));
         bpe(p);
       }, "key 'model.type'"},
      {"TokenizerJsonNegativeId", "tokenizer.json", "", [](const std::string& p) {
         write_text(p, replaced(small_dnabert2_json(), "\"A\": 5", "\"A\": -3"));
         bpe(p);
       }, "key 'model.vocab.A'"},
      {"TokenizerJsonSparseHugeId", "tokenizer.json", "", [](const std::string& p) {
         write_text(p, replaced(small_dnabert2_json(), "\"A\": 5", "\"A\": 1500000000"));
         bpe(p);
       }, "key 'model.vocab'"},
      {"TokenizerJsonMergeOfUnknownToken", "tokenizer.json", "", [](const std::string& p) {
         write_text(p, replaced(small_dnabert2_json(), "\"A\": 5", "\"Q\": 5"));
         bpe(p);
       }, "key 'model.merges"},
      {"ModelDirWithoutTokenizer", "model/config.json", "{\"model_type\": \"bert\"}", model_dir_of, "model"},
      // JSON numbers beyond double's range (fuzz findings 2026-11-21: nlohmann's out_of_range escaped the parsers)
      {"TokenizerJsonNumberOverflow", "tokenizer.json", "{\"model\": {\"type\": \"BPE\", \"dropout\": 1e999}}", bpe,
       "tokenizer.json"},
      {"ConfigJsonNumberOverflow", "config.json", "{\"model_type\": \"bert\", \"hidden_size\": 12e832}", hf_config,
       "config.json"},
      // A checkpoint's progress.json (trainer/checkpoint/training_progress.cpp): a float where an integer belongs
      // would be an out-of-range conversion, a negative step a nonsense resume point.
      {"ProgressJsonFloatStep", "progress.json", replaced(kProgress, "\"step\": 3", "\"step\": 1e300"), progress,
       "key 'step'"},
      {"ProgressJsonNegativeGroupSize", "progress.json", replaced(kProgress, "\"group_size\": 1", "\"group_size\": -2"),
       progress, "key 'group_size'"},
      // JASPAR databases and motif files: a wrong schema and damaged rows name the table (or line) and matrix.
      {"JasparSqliteWithoutMatrixData", "JASPAR2024.sqlite",
       replaced(replaced(kJasparSchema, "CREATE TABLE MATRIX_DATA(", "CREATE TABLE MATRIX_COUNTS("),
                "INSERT INTO MATRIX_DATA", "INSERT INTO MATRIX_COUNTS"), jaspar_sqlite,
       "key 'MATRIX_DATA': not a JASPAR database: no table MATRIX_DATA"},
      {"JasparSqliteWithoutColumn", "JASPAR2024.sqlite", replaced(kJasparSchema, "NAME varchar(255));", "TITLE varchar(255));"),
       jaspar_sqlite, "table MATRIX has no column NAME"},
      {"JasparSqliteBadBase", "JASPAR2024.sqlite", replaced(kJasparSchema, "(1,'T',2,35)", "(1,'U',2,35)"),
       jaspar_sqlite, "matrix MA0108.3 (ID 1): row 'U' is not A, C, G or T"},
      {"JasparSqliteNullValue", "JASPAR2024.sqlite", replaced(kJasparSchema, "(1,'T',2,35)", "(1,'T',2,NULL)"),
       jaspar_sqlite, "val of row T col 2 is not a number"},
      {"JasparSqliteNegativeValue", "JASPAR2024.sqlite", replaced(kJasparSchema, "(1,'T',2,35)", "(1,'T',2,-3)"),
       jaspar_sqlite, "is negative"},
      {"JasparSqliteColumnGap", "JASPAR2024.sqlite", replaced(replaced(replaced(replaced(kJasparSchema,
       "(1,'A',2,352)", "(1,'A',3,352)"), "(1,'C',2,0)", "(1,'C',3,0)"), "(1,'G',2,2)", "(1,'G',3,2)"),
       "(1,'T',2,35)", "(1,'T',3,35)"), jaspar_sqlite, "columns are not 1..2"},
      {"JasparSqliteMissingRow", "JASPAR2024.sqlite", replaced(kJasparSchema, ",(1,'T',2,35)", ""), jaspar_sqlite,
       "col 2 has no row T"},
      {"JasparSqliteNoVertebrates", "JASPAR2024.sqlite", replaced(kJasparSchema, "'vertebrates'", "'plants'"),
       jaspar_sqlite, "key 'MATRIX': no CORE vertebrate matrix"},
      {"JasparFileUnequalRows", "motifs.jaspar", ">MA0108.3 TBP\nA [ 1 2 ]\nC [ 1 2 ]\nG [ 1 ]\nT [ 1 2 ]\n",
       motif_file, ":1: key 'MA0108.3': rows of unequal length"},
      {"JasparFileNotANumber", "motifs.jaspar", ">MA0108.3 TBP\nA [ 1 2 ]\nC [ 1 two ]\nG [ 1 2 ]\nT [ 1 2 ]\n",
       motif_file, ":3:"},
      {"MemeFileCutShort", "motifs.meme", "MEME version 4\n\nMOTIF M1\nletter-probability matrix: w= 3\n0.25 0.25 0.25 0.25\n",
       motif_file, "matrix cut short"},
      {"MotifFileUnknownFormat", "motifs.txt", "motif,count\nTATA,3\n", motif_file, ":1:"},
  };
}

class BadInputCatalogue : public ::testing::TestWithParam<Case> {};

TEST_P(BadInputCatalogue, FailsNamingFileAndPlace) {
  const Case& c = GetParam();
  const std::string dir = test_paths::scratch_dir();
  const std::string path = dir + "/" + c.file;
  write_text(path, c.content);
  const std::string cwd = fs::current_path().string();
  fs::current_path(dir);  // relative paths in configs resolve here
  try {
    c.parse(path);
    fs::current_path(cwd);
    FAIL() << c.name << ": accepted";
  } catch (const InputError& e) {
    fs::current_path(cwd);
    const std::string what = e.what();
    const std::string named = dir + "/" + c.file.substr(0, c.file.find('/'));  // the file, or its model directory
    EXPECT_NE(what.find(named), std::string::npos) << "expected '" << named << "' in: " << what;
    EXPECT_NE(what.find(c.where), std::string::npos) << "expected '" << c.where << "' in: " << what;
  }
  EXPECT_TRUE(leftovers(dir).empty());
}

INSTANTIATE_TEST_SUITE_P(Cases, BadInputCatalogue, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

// ---- HDF5 token files: a valid file written by the real writer, then damaged.

std::string write_valid_tokens(const std::string& dir) {
  data::TokenStoreInfo info;
  info.dataset = "prom";
  info.tokenizer = "kmer";
  info.vocab_sha256 = "00";
  info.k = 3;
  info.vocab_size = 69;
  info.pad_id = 0;
  data::TokenizedSplit train;
  train.name = "train";
  train.source_file = "train.csv";
  train.source_sha256 = "00";
  train.ids = {{2, 5, 6, 3}, {2, 7, 3}, {2, 8, 9, 10, 3}};
  train.labels = {1, 0, 1};
  train.sequences = {"ACGTAC", "TTGA", "ACGTTGCA"};
  const std::string path = dir + "/tokens.h5";
  data::write_token_store(path, info, {train});
  return path;
}

// Runs `edit` on the open file (read-write) with HDF5 errors silenced.
void edit_h5(const std::string& path, const std::function<void(hid_t)>& edit) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  edit(f);
  H5Fclose(f);
}

void set_int_attr(hid_t object, const char* name, std::int64_t value) {
  if (H5Aexists(object, name) > 0) H5Adelete(object, name);
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate2(object, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, H5T_NATIVE_INT64, &value);
  H5Aclose(a);
  H5Sclose(space);
}

void replace_dataset(hid_t file, const char* name, int rank, const hsize_t* dims) {
  H5Ldelete(file, name, H5P_DEFAULT);
  hid_t space = H5Screate_simple(rank, dims, nullptr);
  hid_t ds = H5Dcreate2(file, name, H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hsize_t n = 1;
  for (int i = 0; i < rank; ++i) n *= dims[i];
  std::vector<std::int32_t> values(n, 1);
  if (n) H5Dwrite(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  H5Dclose(ds);
  H5Sclose(space);
}

// Opens the file and reads every row of train; returns the InputError message ("" when it all loaded).
std::string read_all(const std::string& path) {
  try {
    data::TokenStoreReader reader(path);
    const auto n = reader.num_examples("train");
    std::vector<std::int64_t> rows;
    for (std::int64_t r = 0; r < n; ++r) rows.push_back(r);
    (void)reader.read_rows("train", rows);
    return "";
  } catch (const InputError& e) {
    return e.what();
  }
}

struct H5Case {
  std::string name;
  std::function<void(const std::string& path)> damage;
  std::string where;
};

std::vector<H5Case> h5_cases() {
  return {
      {"Truncated", [](const std::string& p) { fs::resize_file(p, fs::file_size(p) / 2); }, "tokens.h5"},
      {"CorruptedSignature", [](const std::string& p) {
         std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
         f.write("garbage!", 8);
       }, "not an HDF5 file"},
      {"EmptyFile", [](const std::string& p) { fs::resize_file(p, 0); }, "not an HDF5 file"},
      // Regression of a fuzzing find: a multi-valued attribute was read into one value (overrun inside libhdf5).
      {"IntAttributeWithFourValues", [](const std::string& p) { edit_h5(p, [](hid_t f) {
         H5Adelete(f, "k");
         const hsize_t dims[1] = {4};
         const std::int64_t values[4] = {3, 3, 3, 3};
         hid_t space = H5Screate_simple(1, dims, nullptr);
         hid_t a = H5Acreate2(f, "k", H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT);
         H5Awrite(a, H5T_NATIVE_INT64, values);
         H5Aclose(a);
         H5Sclose(space);
       }); }, "key 'k'"},
      {"MissingFormatAttribute", [](const std::string& p) { edit_h5(p, [](hid_t f) { H5Adelete(f, "format"); }); },
       "key 'format'"},
      {"NewerFormatVersion", [](const std::string& p) { edit_h5(p, [](hid_t f) { set_int_attr(f, "format_version", 2); }); },
       "key 'format_version'"},
      {"NumExamplesDisagreesWithLabels",
       [](const std::string& p) { edit_h5(p, [](hid_t f) {
         hid_t g = H5Gopen2(f, "train", H5P_DEFAULT);
         set_int_attr(g, "num_examples", 5);
         H5Gclose(g);
       }); }, "train/"},
      {"LabelsWrongShape", [](const std::string& p) { edit_h5(p, [](hid_t f) {
         const hsize_t dims[2] = {3, 2};
         replace_dataset(f, "train/labels", 2, dims);
       }); }, "key 'train/labels'"},
      {"InputIdsOneDimensional", [](const std::string& p) { edit_h5(p, [](hid_t f) {
         const hsize_t dims[1] = {15};
         replace_dataset(f, "train/input_ids", 1, dims);
       }); }, "key 'train/input_ids'"},
      {"LengthLongerThanRow", [](const std::string& p) { edit_h5(p, [](hid_t f) {
         hid_t ds = H5Dopen2(f, "train/lengths", H5P_DEFAULT);
         const std::int32_t lengths[3] = {4, 3, 900};
         H5Dwrite(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, lengths);
         H5Dclose(ds);
       }); }, "key 'train/lengths'"},
      // Regression of a fuzzing find: a deflated chunk that inflates to fewer bytes than the chunk holds made
      // libhdf5 1.10 copy past its own buffer inside H5Dread; the reader now checks every chunk first.
      {"InputIdsChunkInflatesShort", [](const std::string& p) { edit_h5(p, [](hid_t f) {
         hid_t ds = H5Dopen2(f, "train/input_ids", H5P_DEFAULT);
         const char raw[8] = {1, 0, 0, 0, 2, 0, 0, 0};
         unsigned char packed[64];
         uLongf packed_size = sizeof packed;
         compress2(packed, &packed_size, reinterpret_cast<const Bytef*>(raw), sizeof raw, 1);
         const hsize_t origin[2] = {0, 0};
         H5Dwrite_chunk(ds, H5P_DEFAULT, 0, origin, packed_size, packed);
         H5Dclose(ds);
       }); }, "key 'train/input_ids'"},
      {"InputIdsStoredAsFloats", [](const std::string& p) { edit_h5(p, [](hid_t f) {
         H5Ldelete(f, "train/input_ids", H5P_DEFAULT);
         const hsize_t dims[2] = {3, 5};
         hid_t space = H5Screate_simple(2, dims, nullptr);
         hid_t ds = H5Dcreate2(f, "train/input_ids", H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
         const float values[15] = {};
         H5Dwrite(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
         H5Dclose(ds);
         H5Sclose(space);
       }); }, "key 'train/input_ids'"},
      {"InputIdsFewerRowsThanExamples", [](const std::string& p) { edit_h5(p, [](hid_t f) {
         const hsize_t dims[2] = {2, 5};
         replace_dataset(f, "train/input_ids", 2, dims);
       }); }, "key 'train/input_ids'"},
  };
}

class BadInputTokenFile : public ::testing::TestWithParam<H5Case> {};

TEST_P(BadInputTokenFile, FailsNamingFileAndKey) {
  const std::string dir = test_paths::scratch_dir();
  const std::string path = write_valid_tokens(dir);
  ASSERT_EQ(read_all(path), "") << "the undamaged file must load";
  GetParam().damage(path);
  const std::string what = read_all(path);
  ASSERT_FALSE(what.empty()) << GetParam().name << ": damaged file accepted";
  EXPECT_NE(what.find(path), std::string::npos) << what;
  EXPECT_NE(what.find(GetParam().where), std::string::npos) << "expected '" << GetParam().where << "' in: " << what;
}

INSTANTIATE_TEST_SUITE_P(Cases, BadInputTokenFile, ::testing::ValuesIn(h5_cases()),
                         [](const ::testing::TestParamInfo<H5Case>& info) { return info.param.name; });

// ---- The results store.

// A newer version, and damaged values (the last two: fuzz finding 2026-11-21, std::stoi threw out of the store).
TEST(BadInputStore, NewerOrDamagedSchemaVersionIsRefusedNamingTheKey) {
  for (const std::string& value : {std::to_string(results::kStoreSchemaVersion + 1), std::string("x1"), std::string()}) {
    SCOPED_TRACE("schema_version '" + value + "'");
    const std::string path = test_paths::scratch_dir() + "/store.sqlite";
    { results::ResultsStore store(path); }
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, ("UPDATE meta SET value='" + value + "' WHERE key='schema_version'").c_str(), nullptr, nullptr,
                 nullptr);
    sqlite3_close(db);
    for (bool read_only : {false, true}) {
      try {
        results::ResultsStore store(path, read_only);
        ADD_FAILURE() << "store opened, read_only " << read_only;
      } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("key 'schema_version'"), std::string::npos) << e.what();
      }
    }
  }
}

TEST(BadInputStore, TextFileIsNotADatabase) {
  const std::string path = test_paths::scratch_dir() + "/store.sqlite";
  write_text(path, "run,mcc\n1,0.5\n");
  try {
    results::ResultsStore store(path);
    FAIL() << "a text file opened as a store";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_file(path), "run,mcc\n1,0.5\n");  // left as it was
}

// As root, permission bits do not apply: the check runs in a child that drops to nobody (65534).
int as_nobody(const std::function<int()>& body) {
  const pid_t child = ::fork();
  if (child == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(90);
    ::_exit(body());
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

TEST(BadInputStore, ReadOnlyDirectoryFailsNamingTheStore) {
  const std::string dir = test_paths::scratch_dir() + "/readonly";
  fs::create_directories(dir);
  ::chmod(dir.c_str(), 0555);
  const std::string path = dir + "/store.sqlite";
  const int rc = as_nobody([&] {
    try {
      results::ResultsStore store(path);
      return 1;  // created where it must not be
    } catch (const InputError& e) {
      return std::string(e.what()).find(path) != std::string::npos ? 0 : 2;
    }
  });
  ::chmod(dir.c_str(), 0755);
  EXPECT_EQ(rc, 0) << "1: store created; 2: message does not name " << path;
  EXPECT_TRUE(fs::is_empty(dir));
}

// ---- Output: AtomicFile writers under a read-only directory and a full disk (RLIMIT_FSIZE), in-process.

TEST(BadInputOutput, FullDiskLeavesNoTemporaryAndNoOutput) {
  const std::string dir = test_paths::scratch_dir();
  const std::string path = dir + "/out.tsv";
  const pid_t child = ::fork();
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);  // writes past the limit fail with EFBIG instead of killing
    rlimit limit{4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    try {
      write_file_atomic(path, std::string(1 << 20, 'A'));
      ::_exit(1);
    } catch (const InputError& e) {
      ::_exit(std::string(e.what()).find(path) != std::string::npos ? 0 : 2);
    }
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: a 1 MiB file was written under a 4 KiB limit; 2: message lacks the path";
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(leftovers(dir).empty());
}

// ---- The real binary: non-zero exit, message naming file and line/key, nothing half-written.

struct CliDir {
  std::string dir;
  std::string model;  // a DNABERT 3-mer model directory (vocab.txt from data/assets)
  std::string input;
};

CliDir cli_dir() {
  CliDir c;
  c.dir = test_paths::scratch_dir();
  c.model = c.dir + "/model";
  fs::create_directories(c.model);
  fs::copy_file(test_paths::source("data/assets/dnabert_vocab/3/vocab.txt"), c.model + "/vocab.txt");
  c.input = c.dir + "/input.fa";
  write_text(c.input, ">s1\nACGTACGTACGTAAAT\n>s2\nTTTTGGGGCCCCAAAA\n");
  ::chmod(c.dir.c_str(), 0755);
  return c;
}

void expect_cli_failure(const test_paths::CommandOutcome& r, const std::string& file, const std::string& where) {
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(file), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(where), std::string::npos) << "expected '" << where << "' in: " << r.output;
}

TEST(BadInputCli, TokenizeBadFastaLineExitsNonZeroWithoutOutput) {
  CliDir c = cli_dir();
  write_text(c.input, ">s1\nACGT\n>s2\nAC-GT\n");
  auto r = test_paths::run_command(
      test_paths::lnctrain("tokenize --model " + c.model + " --input " + c.input + " --out " + c.dir + "/ids.tsv"));
  expect_cli_failure(r, c.input, ":4:");
  EXPECT_FALSE(fs::exists(c.dir + "/ids.tsv"));
  EXPECT_TRUE(leftovers(c.dir).empty());
}

TEST(BadInputCli, TokenizeModelDirectoryWithoutTokenizer) {
  CliDir c = cli_dir();
  fs::remove(c.model + "/vocab.txt");
  auto r = test_paths::run_command(
      test_paths::lnctrain("tokenize --model " + c.model + " --input " + c.input + " --out " + c.dir + "/ids.tsv"));
  expect_cli_failure(r, c.model, "neither tokenizer.json");
  EXPECT_FALSE(fs::exists(c.dir + "/ids.tsv"));
}

// The tests run as root, for whom permission bits do not apply, and lnctrain cannot be started as another user
// here (libtorch lives under /root): /proc is a directory nobody, root included, can create files in.
TEST(BadInputCli, TokenizeIntoReadOnlyDirectory) {
  CliDir c = cli_dir();
  const std::string out = "/proc/lnctrain_catalogue_ids.tsv";
  auto r = test_paths::run_command(
      test_paths::lnctrain("tokenize --model " + c.model + " --input " + c.input + " --out " + out));
  expect_cli_failure(r, out, "cannot write");
  EXPECT_FALSE(fs::exists(out));
}

TEST(BadInputCli, TokenizeOnFullDiskLeavesNothing) {
  CliDir c = cli_dir();
  std::string big;
  for (int i = 0; i < 4000; ++i) big += ">s" + std::to_string(i) + "\nACGTACGTACGTAAATACGTACGTACGTAAATACGTAC\n";
  write_text(c.input, big);
  // The input is read before the limit bites (reads are not limited); the output outgrows 16 KiB.
  auto r = test_paths::run_command("bash -c 'trap \"\" XFSZ; ulimit -f 16; exec " +
                                   test_paths::lnctrain("tokenize --threads 1 --model " + c.model + " --input " +
                                                        c.input + " --out " + c.dir + "/ids.tsv") + "'");
  expect_cli_failure(r, c.dir + "/ids.tsv", "ids.tsv");
  EXPECT_FALSE(fs::exists(c.dir + "/ids.tsv"));
  EXPECT_TRUE(leftovers(c.dir).empty());
}

// `lnctrain prepare` on kDataset, pointed at the CLI directory's model and output folder.
test_paths::CommandOutcome run_prepare(const CliDir& c) {
  const std::string config = c.dir + "/dataset.toml";
  write_text(config, replaced(replaced(kDataset, "vocab = \"vocab.txt\"", "vocab = \"" + c.model + "/vocab.txt\""),
                              "output_dir = \"out\"", "output_dir = \"" + c.dir + "/out\""));
  return test_paths::run_command("cd " + c.dir + " && " + test_paths::lnctrain("prepare --config " + config));
}

TEST(BadInputCli, PrepareWithMissingCsvNamesTheConfigKeyOrFile) {
  CliDir c = cli_dir();
  auto r = run_prepare(c);
  expect_cli_failure(r, "train.csv", "train.csv");
  EXPECT_TRUE(leftovers(c.dir).empty());
  EXPECT_FALSE(fs::exists(c.dir + "/out/prom.kmer3.h5"));
}

// Empty class through the real binary: prepare must stop before writing the token file.
TEST(BadInputCli, PrepareWithEmptyClassWritesNoTokenFile) {
  CliDir c = cli_dir();
  std::string train = "sequence,label\n", test = "sequence,label\n";
  for (int i = 0; i < 20; ++i) train += std::string(i % 2 ? "ACGTACGTAC" : "TTGACATTGA") + "," + (i % 2 ? "2" : "0") + "\n";
  test += "ACGTACGTAC,0\nTTGACATTGA,2\n";
  write_text(c.dir + "/train.csv", train);
  write_text(c.dir + "/test.csv", test);
  auto r = run_prepare(c);
  expect_cli_failure(r, "train.csv", "key 'label': class 1 of 0..2 has no training examples");
  EXPECT_TRUE(leftovers(c.dir).empty());
  EXPECT_FALSE(fs::exists(c.dir + "/out/prom.kmer3.h5"));
}

// A sequence longer than the model's context (max_position_embeddings 64 in the dnabert1_bert fixture): predict
// names the input file and the record's line, exits non-zero and writes no predictions.
TEST(BadInputCli, PredictSequenceLongerThanModelContext) {
  CliDir c = cli_dir();
  for (const char* f : {"config.json", "model.safetensors"})
    fs::copy_file(test_paths::source(std::string("tests/fixtures/dnabert1_bert/") + f), c.model + "/" + f);
  write_text(c.input, ">short\nACGTACGTACGTAAAT\n>long\n" + std::string(100, 'A') + "\n>short2\nACGTAC\n");
  auto r = test_paths::run_command(
      test_paths::lnctrain("predict --model " + c.model + " --input " + c.input + " --out " + c.dir + "/pred.tsv"));
  expect_cli_failure(r, c.input + ":3:", "exceeds max_position_embeddings 64");
  EXPECT_FALSE(fs::exists(c.dir + "/pred.tsv"));
  EXPECT_TRUE(leftovers(c.dir).empty());
}

TEST(BadInputCli, TrainWithBadGridNamesFileLineAndKey) {
  CliDir c = cli_dir();
  const std::string grid_file = c.dir + "/grid.toml";
  write_text(grid_file, replaced(kGrid, "epochs = 3", "epochs = 0"));
  auto r = test_paths::run_command("cd " + c.dir + " && " + test_paths::lnctrain("train --grid " + grid_file));
  expect_cli_failure(r, grid_file + ":", "key 'training.epochs'");
  EXPECT_FALSE(fs::exists(c.dir + "/results.sqlite"));
}

TEST(BadInputCli, ReportOnStoreFromNewerSchema) {
  CliDir c = cli_dir();
  const std::string path = c.dir + "/store.sqlite";
  { results::ResultsStore store(path); }
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "UPDATE meta SET value='99' WHERE key='schema_version'", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto r = test_paths::run_command(test_paths::lnctrain("report --store " + path + " --out " + c.dir + "/report"));
  expect_cli_failure(r, path, "schema_version");
  EXPECT_FALSE(fs::exists(c.dir + "/report"));
}

}  // namespace
}  // namespace lnc

namespace lnc {
namespace {

// A UTF-8 byte-order mark and CRLF line endings (spreadsheet and Windows exports) are not bad input: CSV and
// sequence FASTA files load as their plain LF twins; a genome FASTA with CRLF lines fetches the same bases.
TEST(BadInputEncodings, CsvWithByteOrderMarkAndCrlfLoadsAsThePlainFile) {
  const std::string dir = test_paths::scratch_dir();
  write_text(dir + "/plain.csv", "sequence,label\nACGTAC,1\nTTGACA,0\n");
  write_text(dir + "/windows.csv", "\xEF\xBB\xBFsequence,label\r\nACGTAC,1\r\nTTGACA,0\r\n");
  const auto plain = data::read_labeled_csv(dir + "/plain.csv");
  const auto windows = data::read_labeled_csv(dir + "/windows.csv");
  EXPECT_EQ(windows.sequences, plain.sequences);
  EXPECT_EQ(windows.labels, plain.labels);
  EXPECT_EQ(windows.lines, plain.lines);
}

TEST(BadInputEncodings, FastaWithByteOrderMarkAndCrlfLoadsAsThePlainFile) {
  const std::string dir = test_paths::scratch_dir();
  write_text(dir + "/plain.fa", ">s1 first\nACGT\nAC\n>s2\nTTGA\n");
  write_text(dir + "/windows.fa", "\xEF\xBB\xBF>s1 first\r\nACGT\r\nAC\r\n>s2\r\nTTGA\r\n");
  const auto plain = data::read_fasta_sequences(dir + "/plain.fa");
  const auto windows = data::read_fasta_sequences(dir + "/windows.fa");
  ASSERT_EQ(windows.size(), plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    EXPECT_EQ(windows[i].name, plain[i].name);
    EXPECT_EQ(windows[i].sequence, plain[i].sequence);
    EXPECT_EQ(windows[i].line, plain[i].line);
  }
}

TEST(BadInputEncodings, GenomeFastaWithCrlfFetchesTheSameBases) {
  const std::string dir = test_paths::scratch_dir();
  write_text(dir + "/plain.fa", ">chr1\nACGTACGTAC\nGGGGCCCCAA\nTT\n");
  write_text(dir + "/windows.fa", ">chr1\r\nACGTACGTAC\r\nGGGGCCCCAA\r\nTT\r\n");
  data::FastaGenome plain(dir + "/plain.fa"), windows(dir + "/windows.fa");
  EXPECT_EQ(windows.length("chr1"), 22);
  EXPECT_EQ(windows.fetch("chr1", 8, 14), "TACGGGG");
  EXPECT_EQ(windows.fetch("chr1", 1, 22), plain.fetch("chr1", 1, 22));
}

}  // namespace
}  // namespace lnc
