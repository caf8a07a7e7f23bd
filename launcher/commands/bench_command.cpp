// `lnctrain bench`: measured training throughput of one model family and size at one length and batch (under
// mpirun: per-rank batch, all ranks), with or without LoRA, on batches with or without padding, the share of step
// time blocked on the gradient all-reduce, and the data-loader throughput of TokenStoreReader::read_rows.
// Rank 0 prints a markdown table and, with --out, writes it atomically; with --csv it appends its rows to a CSV
// file (header written when the file is new or empty), so that several runs build one table
// (tests/reference/measure_cpu_performance.sh).
//
// Markdown output (one table per measurement kind):
//   ## training
//   | family | preset | trainable params | lora | length | min length | batch/rank | ranks | threads/rank | device |
//     precision | padding path | allreduce | steps | s/step | samples/s | tokens/s | comm wait share | final loss |
//     model TFLOP/s | MFU | aten ops per step | host syncs per step |
//   ## data loader
//   | rows | max length | batch | batches | seconds | rows/s | tokens/s |
// CSV output, one line per measurement, columns:
//   tool,kind,backend,family,preset,lora,trainable_params,length,min_length,batch_per_rank,ranks,threads_per_rank,
//   device,precision,padding_path,allreduce,steps,s_per_step,samples_per_s,tokens_per_s,comm_wait_share,final_loss,
//   model_tflops_per_s,mfu,aten_ops_per_step,host_syncs_per_step
//   (tool = lnctrain; kind = training | loader; backend = lnctrain; for the loader row samples_per_s = rows/s, steps
//   = batches, s_per_step = seconds per batch and the model columns are empty). tests/reference/pytorch_throughput.py
//   writes the same columns (tool = python).
// samples/s and tokens/s are global (all ranks); tokens are real (unpadded) tokens; padding path = how a family
// that drops padding (FamilySpec::drops_padding: DNABERT-2) computes a padded batch (others always compute
// padded); comm wait share = time blocked in the gradient all-reduce / step time (mean over ranks; 0 on one rank);
// model TFLOP/s = ThroughputResult::model_flops / time (global); MFU = model TFLOP/s / (--peak-tflops x ranks),
// empty without --peak-tflops (measure the peak with tests/reference/matmul_peak.py on the same device and
// precision); aten ops / host syncs per step: counted on 2 untimed steady-state steps with LibTorch's profiler
// callbacks (trainer/bench/op_counter.h; they do not depend on the hardware). --hidden-size etc. override the preset's dimensions (e.g. NT-500M: 1280 / 24 layers / 20 heads /
// 5120; DNABERT-2-117M: 768 / 12 / 12 / 3072, vocab 4096).
// --measure-memory instead measures the tensor bytes of two training steps at that shape (with --micro-batch and
// --activation-checkpointing as [training] sets them) beside the memory plan's prediction
// (launcher/bench/memory_report.h: the table and CSV columns; on CUDA the caching allocator's statistics). Rows
// longer than the model's context: --max-positions sets the context, --long-sequences truncate|chunk,
// --chunk-stride, --chunk-pooling and --truncation-side window rows of --length tokens as [data] does, through the
// training step's own windowed path (trainer/bench/memory_measurement.h), e.g. rows of 256 tokens as 3 chunks of
// 128: --length 256 --max-positions 128 --long-sequences chunk --chunk-stride 100.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "cluster/device_choice.h"
#include "cluster/mpi_environment.h"
#include "cluster/process_group.h"
#include "base/atomic_file.h"
#include "base/input_error.h"
#include "launcher/bench/bench_overrides.h"
#include "launcher/bench/loader_throughput.h"
#include "config/config_overrides.h"
#include "launcher/bench/memory_report.h"
#include "launcher/commands/commands.h"
#include "launcher/commands/long_row_options.h"
#include "config/model_families.h"
#include "config/run_config.h"
#include "trainer/bench/memory_measurement.h"
#include "trainer/bench/training_throughput.h"
#include "trainer/bench/torch_threads.h"

namespace lnc::launcher {

namespace {

struct BenchOptions {
  std::string family = config::bert_family().name, preset = "tiny", precision = "fp32", device = "cpu", out;
  std::string padding_path = "auto", csv;
  std::int64_t length = 128, min_length = 0, batch = 8, steps = 10, warmup = 2, threads = 0, loader_rows = 20000;
  int hidden_size = 0, num_layers = 0, num_heads = 0, intermediate_size = 0, vocab_size = 69;  // 0 = the preset's
  double peak_tflops = 0, dropout = -1;  // dropout < 0: the preset's
  bool esm_v2 = false;
  bool sync_allreduce = false, lora = false;
  bool measure_memory = false, activation_checkpointing = false;
  std::int64_t micro_batch = 0;
  int max_positions = 0;         // 0: the preset's, raised so that a row of --length fits (unless windowed)
  config::DataConfig long_rows;  // --long-sequences & co. (launcher/commands/long_row_options.h)
};

const char* kCsvHeader =
    "tool,kind,backend,family,preset,lora,trainable_params,length,min_length,batch_per_rank,ranks,threads_per_rank,"
    "device,precision,padding_path,allreduce,steps,s_per_step,samples_per_s,tokens_per_s,comm_wait_share,final_loss,"
    "model_tflops_per_s,mfu,aten_ops_per_step,host_syncs_per_step\n";

// Appends rows to the CSV file through a temporary + rename, so a reader never sees a half-written line.
void append_csv(const std::string& path, const std::string& rows, const char* header = kCsvHeader) {
  std::string content;
  if (FILE* f = std::fopen(path.c_str(), "r")) {
    std::fclose(f);
    content = read_file(path);
  }
  if (content.empty()) content = header;
  write_file_atomic(path, content + rows);
}

std::string fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

int run_bench(const BenchOptions& o) {
  {
    auto arch = config::model_section(o.family, o.preset).architecture;
    const int hidden = o.hidden_size > 0 ? o.hidden_size : arch.hidden_size;
    const int heads = o.num_heads > 0 ? o.num_heads : arch.num_heads;
    if (hidden % heads != 0)
      throw InputError("<command line>", 0, "--num-heads", "hidden size must be a multiple of the number of heads");
    const bool windowed = o.long_rows.long_sequences != "error";
    if ((windowed || o.max_positions > 0) && !o.measure_memory)
      throw InputError("<command line>", 0, windowed ? "--long-sequences" : "--max-positions",
                       "is a --measure-memory setting (the throughput bench trains on rows that fit)");
  }
  cluster::MpiEnvironment mpi(nullptr, nullptr);
  auto device = cluster::choose_device(o.device, mpi.local_rank());
  const int threads = trainer::set_torch_threads(o.threads, mpi.local_size());
  cluster::ProcessGroup group(mpi.world(), device, "lnctrain/bench");

  trainer::ThroughputSetup setup;
  setup.model = config::model_section(o.family, o.preset);
  auto& arch = setup.model.architecture;
  if (o.hidden_size > 0) arch.hidden_size = o.hidden_size;
  if (o.num_layers > 0) arch.num_layers = o.num_layers;
  if (o.num_heads > 0) arch.num_heads = o.num_heads;
  if (o.intermediate_size > 0) arch.intermediate_size = o.intermediate_size;
  if (o.dropout >= 0) arch.hidden_dropout = arch.attention_dropout = o.dropout;
  if (o.esm_v2) {  // NT v2: rotary positions, gated SiLU FFN without biases
    arch.position_embedding_type = "rotary";
    arch.gated_ffn = true;
    arch.add_bias_ffn = false;
  }
  if (o.max_positions > 0) {
    arch.max_position_embeddings = o.max_positions;
  } else if (o.long_rows.long_sequences == "error") {
    // Positions for a row of --length tokens: the context is FamilySpec::context_tokens (ESM's is max positions
    // less pad id 0 + 1), so raise max positions by what the family's context leaves out.
    auto with_pad = arch;
    with_pad.pad_token_id = 0;
    const std::int64_t left_out =
        arch.max_position_embeddings - config::family_spec(o.family).context_tokens(with_pad);
    arch.max_position_embeddings =
        static_cast<int>(std::max<std::int64_t>(arch.max_position_embeddings, o.length + left_out));
  }
  setup.vocab_size = o.vocab_size;
  setup.length = o.length;
  setup.min_length = o.min_length;
  setup.lora = o.lora;
  setup.padding_path = o.padding_path;
  setup.batch = o.batch;
  setup.steps = o.steps;
  setup.warmup = o.warmup;
  setup.bf16 = o.precision == "bf16";
  setup.overlap_allreduce = !o.sync_allreduce;
  if (o.measure_memory) {
    const trainer::MemorySetup memory{setup, o.micro_batch, o.activation_checkpointing, o.long_rows};
    data::LongRowPolicy policy;
    try {
      policy = trainer::bench_row_policy(memory);
    } catch (const std::invalid_argument& e) {
      throw InputError("<command line>", 0, o.long_rows.long_sequences == "chunk" ? "--chunk-stride" : "--long-sequences",
                       e.what());
    }
    if (policy.mode == "error" && o.length > policy.context)
      throw InputError("<command line>", 0, "--max-positions",
                       "a row of " + std::to_string(o.length) + " tokens exceeds the model's context of " +
                           std::to_string(policy.context) + " tokens; set --long-sequences truncate or chunk");
    const auto measured = trainer::measure_training_memory(memory, group, device);
    const auto plan = plan_memory(bench_plan_input(memory, device.device));
    if (group.rank() == 0) {
      const auto table = memory_table(measured, plan);
      std::cout << table << std::flush;
      if (!o.out.empty()) write_file_atomic(o.out, table);
      if (!o.csv.empty()) append_csv(o.csv, memory_csv_row(memory, measured, plan), kMemoryCsvHeader);
    }
    group.barrier();
    return 0;
  }
  auto t = trainer::measure_training_throughput(setup, group, device);

  const std::int64_t min_length = o.min_length > 0 ? std::min(o.min_length, o.length) : o.length;
  const std::string padding = config::family_spec(o.family).drops_padding ? o.padding_path : "padded";
  const double s_per_step = t.seconds / static_cast<double>(o.steps);
  const double samples_s = t.global_samples / t.seconds, tokens_s = t.global_tokens / t.seconds;
  const double comm_share = t.seconds > 0 ? t.comm_wait_seconds / t.seconds : 0;
  const std::string allreduce = o.sync_allreduce ? "sync" : "overlapped";
  const double tflops = t.model_flops / t.seconds / 1e12;
  const std::string mfu = o.peak_tflops > 0 ? fixed(tflops / (o.peak_tflops * group.size()), 3) : "";
  std::ostringstream table, csv;
  table << "## training\n\n| family | preset | trainable params | lora | length | min length | batch/rank | ranks |"
           " threads/rank | device | precision | padding path | allreduce | steps | s/step | samples/s | tokens/s |"
           " comm wait share | final loss | model TFLOP/s | MFU | aten ops per step | host syncs per step |\n"
        << "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        << "| " << o.family << " | " << o.preset << " | " << t.trainable_parameters << " | " << (o.lora ? "yes" : "no")
        << " | " << o.length << " | " << min_length << " | " << o.batch << " | " << group.size() << " | " << threads
        << " | " << device.device << " | " << o.precision << " | " << padding << " | " << allreduce << " | " << o.steps
        << " | " << fixed(s_per_step, 4) << " | " << fixed(samples_s, 2) << " | " << fixed(tokens_s, 0) << " | "
        << fixed(comm_share, 3) << " | " << fixed(t.final_loss, 4) << " | " << fixed(tflops, 4) << " | " << mfu
        << " | " << fixed(t.aten_ops_per_step, 1) << " | " << fixed(t.host_syncs_per_step, 1) << " |\n";
  csv << "lnctrain,training,lnctrain," << o.family << "," << o.preset << "," << (o.lora ? "yes" : "no") << ","
      << t.trainable_parameters << "," << o.length << "," << min_length << "," << o.batch << "," << group.size() << ","
      << threads << "," << device.device << "," << o.precision << "," << padding << "," << allreduce << "," << o.steps
      << "," << fixed(s_per_step, 4) << "," << fixed(samples_s, 2) << "," << fixed(tokens_s, 0) << ","
      << fixed(comm_share, 3) << "," << fixed(t.final_loss, 4) << "," << fixed(tflops, 4) << "," << mfu << ","
      << fixed(t.aten_ops_per_step, 1) << "," << fixed(t.host_syncs_per_step, 1) << "\n";

  if (o.loader_rows > 0 && group.rank() == 0) {
    const std::string scratch = (o.out.empty() ? std::string("lnctrain-bench") : o.out) + ".loader.h5";
    auto l = measure_loader_throughput(scratch, o.loader_rows, o.length, o.batch * group.size(), 7);
    table << "\n## data loader\n\n| rows | max length | batch | batches | seconds | rows/s | tokens/s |\n"
          << "|---|---|---|---|---|---|---|\n"
          << "| " << l.rows << " | " << o.length << " | " << o.batch * group.size() << " | " << l.batches << " | "
          << fixed(l.seconds, 3) << " | " << fixed(l.rows / l.seconds, 0) << " | " << fixed(l.tokens / l.seconds, 0)
          << " |\n";
    csv << "lnctrain,loader,TokenStoreReader,,,,," << o.length << "," << std::max<std::int64_t>(1, o.length / 2) << ","
        << o.batch * group.size() << ",1,1,cpu,,,," << l.batches << ","
        << fixed(l.seconds / static_cast<double>(std::max<std::int64_t>(1, l.batches)), 6) << ","
        << fixed(l.rows / l.seconds, 0) << "," << fixed(l.tokens / l.seconds, 0) << ",,,,,,\n";
  }
  if (group.rank() == 0) {
    std::cout << table.str() << std::flush;
    if (!o.out.empty()) write_file_atomic(o.out, table.str());
    if (!o.csv.empty()) append_csv(o.csv, csv.str());
  }
  group.barrier();
  return 0;
}

}  // namespace

void add_bench_command(CLI::App& app, CommandResult& result) {
  auto* cmd = app.add_subcommand("bench", "Measure training and data-loader throughput (under mpirun: all ranks)");
  auto o = std::make_shared<BenchOptions>();
  std::string families;
  for (const auto& name : config::family_names(/*neural_only=*/true)) families += (families.empty() ? "" : " | ") + name;
  cmd->add_option("--model-family", o->family, families)->check(CLI::IsMember(config::family_names(/*neural_only=*/true)));
  cmd->add_option("--preset", o->preset, "tiny | mini | small | base")->check(CLI::IsMember({"tiny", "mini", "small", "base"}));
  cmd->add_option("--length", o->length, "tokens per row")->required()->check(CLI::PositiveNumber);
  cmd->add_option("--min-length", o->min_length,
                  "shortest row: row lengths uniform in [min-length, length], batch padded to length (default: length)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--batch", o->batch, "rows per rank per step")->required()->check(CLI::PositiveNumber);
  cmd->add_option("--hidden-size", o->hidden_size, "override the preset's hidden size")->check(CLI::PositiveNumber);
  cmd->add_option("--num-layers", o->num_layers, "override the preset's layers")->check(CLI::PositiveNumber);
  cmd->add_option("--num-heads", o->num_heads, "override the preset's heads")->check(CLI::PositiveNumber);
  cmd->add_option("--intermediate-size", o->intermediate_size, "override the preset's FFN size")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--dropout", o->dropout, "hidden and attention dropout (default: the preset's 0.1)")
      ->check(CLI::Range(0.0, 0.99));
  cmd->add_flag("--esm-v2", o->esm_v2, "esm: NT v2 (rotary positions, gated SiLU FFN without biases)");
  cmd->add_option("--vocab-size", o->vocab_size, "vocabulary of the random ids (69 = DNABERT 3-mers)")
      ->check(CLI::Range(6, 1 << 20));
  cmd->add_option("--peak-tflops", o->peak_tflops, "measured peak TFLOP/s of one device (adds MFU)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--lora", o->lora, "LoRA as the study's NT recipe (r 8, alpha 16, the family's default targets)");
  cmd->add_option("--padding-path", o->padding_path,
                  "families that drop padding (DNABERT-2) on padded batches: auto | padded | unpadded (per-row attention) | "
                  "unpadded-repadded")
      ->check(CLI::IsMember({"auto", "padded", "unpadded", "unpadded-repadded"}));
  cmd->add_option("--steps", o->steps, "timed steps")->check(CLI::PositiveNumber);
  cmd->add_option("--warmup", o->warmup, "untimed steps first")->check(CLI::NonNegativeNumber);
  cmd->add_option("--precision", o->precision, "fp32 | bf16 (autocast)")->check(CLI::IsMember({"fp32", "bf16"}));
  cmd->add_option("--device", o->device, "cpu | cuda | auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  cmd->add_option("--threads", o->threads, "torch threads per rank (0 = cores / local ranks)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--loader-rows", o->loader_rows, "rows of the generated token file (0 = skip the loader bench)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--sync-allreduce", o->sync_allreduce, "all-reduce after backward instead of overlapped");
  cmd->add_flag("--measure-memory", o->measure_memory,
                "measure the tensor bytes of two training steps against the memory plan (no throughput run)");
  cmd->add_option("--micro-batch", o->micro_batch, "with --measure-memory: rows per forward/backward pass (0 = batch)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--activation-checkpointing", o->activation_checkpointing,
                "with --measure-memory: recompute each encoder layer in backward");
  cmd->add_option("--max-positions", o->max_positions,
                  "with --measure-memory: the model's max_position_embeddings (its context; default: the preset's, "
                  "raised to fit --length unless --long-sequences windows the rows)")
      ->check(CLI::PositiveNumber);
  // With --measure-memory: rows of --length tokens longer than the context, windowed as [data] long_sequences does.
  add_long_row_options(*cmd, o->long_rows);
  cmd->add_option("--out", o->out, "also write the table to this file");
  cmd->add_option("--csv", o->csv, "append the rows to this CSV file (header when new)");
  auto sets = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--set", *sets,
                  "KEY=VALUE: a grid key bench measures (model.*, training.precision|device|threads_per_rank|"
                  "overlap_allreduce, lora.enabled; launcher/bench/bench_overrides.h); repeatable, wins over the flags");
  cmd->callback([o, sets, &result] {
    // --set after the flags: the grid spelling of the same settings (launcher/bench/bench_overrides.h).
    const BenchSettings s = bench_settings(config::parse_overrides(*sets));
    if (s.family) o->family = *s.family;
    if (s.preset) o->preset = *s.preset;
    if (s.hidden_size) o->hidden_size = *s.hidden_size;
    if (s.num_layers) o->num_layers = *s.num_layers;
    if (s.num_heads) o->num_heads = *s.num_heads;
    if (s.intermediate_size) o->intermediate_size = *s.intermediate_size;
    if (s.precision) o->precision = *s.precision;
    if (s.device) o->device = *s.device;
    if (s.threads) o->threads = *s.threads;
    if (s.overlap_allreduce) o->sync_allreduce = !*s.overlap_allreduce;
    if (s.lora) o->lora = *s.lora;
    result.exit_code = run_bench(*o);
  });
}

}  // namespace lnc::launcher
