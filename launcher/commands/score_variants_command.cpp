// `lnctrain score-variants --run DIR --vcf FILE --fasta FILE --gtf FILE [--tss-rule R] [--out FILE.vcf.gz]
//  [--on-ref-mismatch error|skip] [--batch-size N] [--threads N] [--device auto|cpu|cuda]`, under mpirun or alone.
// What a finished run's promoter model says about each variant of a VCF that lies in an annotated gene's promoter
// window: every rank reads the VCF, FASTA and GTF and builds the same plan (data/variants/variant_plan.h; a bad
// input fails on every rank alike, before any collective), the model forwards are sharded, rank 0 gathers and
// writes <out> (bgzipped VCF, variant_vcf_writer.h), <out>.tbi and the TSV beside it (variant_table.h), and prints
// the summary line.
//
// Sharding, the same numbers for any rank count: the distinct ref windows (one per gene, in order of first use) and
// then the alt windows (one per item) are cut into global batches of --batch-size; rank r of P takes the
// contiguous batches [r*T/P, (r+1)*T/P) of the T batches. A batch's composition does not depend on P, so neither do
// its numbers, and the ref windows' batches are those `lnctrain predict --batch-size N` makes of the same windows
// in that order (trainer/sequence_scoring.h). On a CPU the intra-op thread count could change a BLAS kernel's
// summation order: --threads fixes it when numbers must match bit for bit across different launches.
#include <CLI/CLI.hpp>
#include <torch/torch.h>

#include <iostream>
#include <memory>
#include <unordered_map>

#include "base/input_error.h"
#include "base/strings.h"
#include "cluster/device_choice.h"
#include "cluster/mpi_environment.h"
#include "cluster/mpi_gather.h"
#include "config/finished_run.h"
#include "data/genome/fasta_genome.h"
#include "data/genome/gene_tss.h"
#include "data/genome/gtf_annotation.h"
#include "data/variants/variant_plan.h"
#include "data/variants/variant_table.h"
#include "data/variants/variant_vcf_writer.h"
#include "launcher/commands/commands.h"
#include "launcher/commands/long_row_options.h"
#include "trainer/error_text.h"
#include "trainer/run_model.h"
#include "trainer/sequence_scoring.h"
#include "trainer/training_run.h"

namespace lnc::launcher {
namespace {

struct ScoreVariantsOptions {
  std::string run, vcf, fasta, gtf, out;
  std::string tss_rule = "canonical_transcript";
  std::string on_ref_mismatch = "error";
  std::string device = "auto";
  int batch_size = 16;
  int threads = 0;  // 0: cores / ranks on the node, as training
};

// Runs `step` on every rank; when it throws on some rank, every rank throws (the failing one its own error), so
// that no rank is left waiting in a later collective.
template <class F>
void on_every_rank(MPI_Comm comm, const F& step) {
  std::exception_ptr error;
  try {
    step();
  } catch (...) {
    error = std::current_exception();
  }
  if (cluster::all_ok(comm, !error)) return;
  if (error) std::rethrow_exception(error);
  throw std::runtime_error("score-variants failed on another rank (its error is printed above)");
}

void run_score_variants(const ScoreVariantsOptions& opt) {
  if (opt.batch_size <= 0) throw InputError("--batch-size", 0, "", "must be positive");
  const std::string out = opt.out.empty() ? opt.run + "/variant_scores.vcf.gz" : opt.out;
  if (!ends_with(out, ".vcf.gz")) throw InputError("--out", 0, "", "'" + out + "' must end in .vcf.gz (bgzipped VCF)");
  const std::string tsv = out.substr(0, out.size() - 7) + ".tsv";
  const data::TssRule rule = data::parse_tss_rule(opt.tss_rule);
  const data::RefMismatch mismatch =
      opt.on_ref_mismatch == "skip" ? data::RefMismatch::skip : data::RefMismatch::error;

  cluster::MpiEnvironment mpi(nullptr, nullptr);
  MPI_Comm world = mpi.world();
  const bool root = mpi.rank() == 0;
  const config::FinishedRun run = config::read_finished_run(opt.run);
  // Rank 0 opens the FASTA first: it builds a missing .fai, which the other ranks then read instead of racing it.
  std::unique_ptr<data::FastaGenome> genome;
  if (root) on_every_rank(world, [&] { genome = std::make_unique<data::FastaGenome>(opt.fasta, opt.run + "/fai"); });
  else on_every_rank(world, [] {});
  if (!root) genome = std::make_unique<data::FastaGenome>(opt.fasta, opt.run + "/fai");
  const data::GtfAnnotation gtf = data::GtfAnnotation::read(opt.gtf);
  data::VariantPlanOptions plan_options;
  plan_options.length = run.length;
  plan_options.tss_rule = rule;
  plan_options.on_ref_mismatch = mismatch;
  plan_options.keep_records = root;
  const data::VariantPlan plan = data::plan_variants(opt.vcf, *genome, gtf, plan_options);

  trainer::RunModel loaded = trainer::load_run_model(run.dir, run.pretrained);
  torch::set_num_threads(trainer::threads_per_rank(opt.threads, mpi.local_size()));
  const cluster::DeviceChoice device = cluster::choose_device(opt.device, mpi.local_rank());
  loaded.model->to(torch::Device(device.device));
  // Windows past the model's context are fed as the run fed them ([data] long_sequences & co. of its config.toml).
  const auto policy = long_row_policy_of_options(run.long_rows, loaded.model->config(), loaded.tokenizer->kind(),
                                                 loaded.tokenizer->pad_id(), loaded.source);

  // The sequences in global order: distinct ref windows, then one alt window per item.
  std::vector<const std::string*> sequences;
  std::unordered_map<std::size_t, std::size_t> ref_of_gene;  // gene -> index into sequences
  std::vector<std::size_t> ref_index(plan.items.size());
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    auto [it, fresh] = ref_of_gene.emplace(plan.items[i].gene, sequences.size());
    if (fresh) sequences.push_back(&plan.items[i].windows.ref);
    ref_index[i] = it->second;
  }
  const std::size_t refs = sequences.size();
  for (const auto& item : plan.items) sequences.push_back(&item.windows.alt);
  std::vector<std::pair<std::size_t, std::size_t>> batches;  // [begin, end) into sequences
  const auto B = static_cast<std::size_t>(opt.batch_size);
  for (std::size_t s = 0; s < refs; s += B) batches.emplace_back(s, std::min(refs, s + B));
  for (std::size_t s = refs; s < sequences.size(); s += B) batches.emplace_back(s, std::min(sequences.size(), s + B));
  const std::size_t T = batches.size(), P = static_cast<std::size_t>(mpi.size()), r = static_cast<std::size_t>(mpi.rank());

  std::vector<double> local;  // (probability, log-odds) per sequence of this rank's batches
  on_every_rank(world, [&] {
    for (std::size_t b = r * T / P; b < (r + 1) * T / P; ++b) {
      std::vector<data::Encoding> encodings;
      for (std::size_t s = batches[b].first; s < batches[b].second; ++s)
        encodings.push_back(loaded.tokenizer->encode(*sequences[s]));
      torch::Tensor logits;
      try {
        logits = trainer::batch_logits(*loaded.model, encodings, policy, torch::Device(device.device));
      } catch (const std::invalid_argument& e) {  // e.g. a window longer than max_position_embeddings
        throw InputError(loaded.source, 0, "", std::string("the model cannot take the run's ") +
                                                   std::to_string(run.length) + " bp windows (" +
                                                   std::to_string(encodings[0].ids.size()) + " tokens): " + e.what());
      }
      for (const auto& s : trainer::class_one_scores(logits)) {
        local.push_back(s.probability);
        local.push_back(s.log_odds);
      }
    }
  });
  const std::vector<double> all = cluster::gather_to_root(world, local);

  on_every_rank(world, [&] {
    if (!root) return;
    std::vector<data::VariantEffect> effects(plan.items.size());
    for (std::size_t i = 0; i < plan.items.size(); ++i) {
      const std::size_t ref = ref_index[i], alt = refs + i;
      data::VariantEffect& e = effects[i];
      e.p_ref = all[2 * ref];
      e.p_alt = all[2 * alt];
      e.dprob = e.p_alt - e.p_ref;
      e.dlogit = all[2 * alt + 1] - all[2 * ref + 1];
    }
    const std::string provenance = "##lnctrain_score_variants=run:" + run.dir + ";model:" + loaded.source +
                                   ";length:" + std::to_string(run.length) + ";tss_rule:" + data::tss_rule_name(rule);
    data::write_variant_vcf(out, plan, effects, {provenance});
    data::write_variant_table(tsv, plan, effects);
    for (const auto& [vcf_name, fasta_name] : plan.renamed_chromosomes)
      std::cout << "score-variants: VCF chromosome '" << vcf_name << "' read as FASTA '" << fasta_name << "'\n";
    if (!plan.chromosomes_not_in_fasta.empty()) {
      std::cout << "score-variants: VCF chromosomes not in the FASTA:";
      for (const auto& name : plan.chromosomes_not_in_fasta) std::cout << ' ' << name;
      std::cout << '\n';
    }
    std::cout << "score-variants: " << loaded.source << ", " << run.length << " bp windows, "
              << mpi.size() << " rank(s)\n";
    std::cout << "score-variants: " << data::summary_line(plan) << '\n';
    std::cout << "score-variants: wrote " << out << " (+ .tbi) and " << tsv << std::endl;
  });
}

}  // namespace

void add_score_variants_command(CLI::App& app, CommandResult& result) {
  auto opt = std::make_shared<ScoreVariantsOptions>();
  auto* cmd = app.add_subcommand("score-variants",
                                 "score the VCF's variants in promoter windows with a finished run's model (mpirun)");
  cmd->add_option("--run", opt->run, "finished run directory (<output_dir>/<hash16>) or model directory")->required();
  cmd->add_option("--vcf", opt->vcf, "variants (VCF, plain or bgzipped)")->required();
  cmd->add_option("--fasta", opt->fasta, "reference genome FASTA (plain or bgzipped), the VCF's build")->required();
  cmd->add_option("--gtf", opt->gtf, "gene annotation GTF (plain or gzip)")->required();
  cmd->add_option("--tss-rule", opt->tss_rule, "canonical_transcript (default) or gene_start, as [genome] tss_rule")
      ->check(CLI::IsMember({"canonical_transcript", "gene_start"}));
  cmd->add_option("--out", opt->out, "output .vcf.gz (default <run>/variant_scores.vcf.gz; the TSV beside it)");
  cmd->add_option("--on-ref-mismatch", opt->on_ref_mismatch, "error (default) or skip: count such records")
      ->check(CLI::IsMember({"error", "skip"}));
  cmd->add_option("--batch-size", opt->batch_size, "windows per forward pass");
  cmd->add_option("--threads", opt->threads, "torch threads per rank (default: cores / ranks on the node)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--device", opt->device, "auto (CUDA when available), cpu or cuda")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  cmd->callback([opt, &result] {
    run_score_variants(*opt);
    result.exit_code = 0;
  });
}

}  // namespace lnc::launcher
