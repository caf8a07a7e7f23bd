// `lnctrain predict --model DIR --input FILE --out FILE.tsv [--batch-size N]`: runs the sequence classifier of a
// Hugging Face model directory (trainer/models/model_directory.h) over every sequence of a FASTA or CSV file, with
// the directory's tokenizer; batches in input order, each padded to its longest sequence (right padding with the
// tokenizer's pad id, attention_mask 0 there). Eval mode, float32, CPU. Sequences longer than the model's context
// follow --long-sequences (error | truncate | chunk) and its companions, as [data] long_sequences does in training
// (launcher/commands/long_row_options.h).
//
// Output format (TSV, written atomically):
//   line 1:   index<TAB>logit_0 ... logit_{n-1}<TAB>prob_0 ... prob_{n-1}        (n = num_labels)
//   then one line per input sequence, in input order:
//             <0-based index><TAB>logits (%.9g)<TAB>softmax probabilities (%.9g)
#include <CLI/CLI.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "data/sequences/sequence_input.h"
#include "data/tokenizers/tokenizer_loader.h"
#include "launcher/commands/commands.h"
#include "launcher/commands/long_row_options.h"
#include "trainer/components/row_forward.h"
#include "trainer/models/model_directory.h"
#include "trainer/sequence_scoring.h"

namespace lnc::launcher {

namespace {

struct PredictOptions {
  std::string model_dir;
  std::string input;
  std::string out;
  int batch_size = 16;
  config::DataConfig long_rows;  // --long-sequences & co.
};

std::string format_number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.9g", v);
  return buffer;
}

void run_predict(const PredictOptions& opt) {
  if (opt.batch_size <= 0) throw InputError("--batch-size", 0, "", "must be positive");
  const auto tokenizer = data::load_tokenizer(opt.model_dir);
  auto loaded = trainer::load_model_directory(opt.model_dir);
  auto& model = *loaded.model;
  model.eval();
  const int n = model.config().num_labels;
  if (tokenizer->vocab_size() > model.config().vocab_size)
    throw InputError(opt.model_dir, 0, "vocab_size", "the tokenizer has " + std::to_string(tokenizer->vocab_size()) +
                                                         " tokens, more than the model's " +
                                                         std::to_string(model.config().vocab_size));
  const auto policy = long_row_policy_of_options(opt.long_rows, model.config(), tokenizer->kind(), tokenizer->pad_id(),
                                                 opt.model_dir);
  const auto records = data::read_sequences(opt.input);

  AtomicFile file(opt.out);
  std::ofstream os(file.temp_path(), std::ios::binary);
  if (!os) throw InputError(opt.out, 0, "", "cannot write");
  os << "index";
  for (int i = 0; i < n; ++i) os << "\tlogit_" << i;
  for (int i = 0; i < n; ++i) os << "\tprob_" << i;
  os << "\n";
  torch::NoGradGuard no_grad;
  for (size_t start = 0; start < records.size(); start += static_cast<size_t>(opt.batch_size)) {
    const size_t end = std::min(records.size(), start + static_cast<size_t>(opt.batch_size));
    std::vector<data::Encoding> encodings;
    for (size_t i = start; i < end; ++i) encodings.push_back(tokenizer->encode(records[i].sequence));
    torch::Tensor logits;
    try {
      logits = trainer::batch_logits(model, encodings, policy, torch::kCPU);
    } catch (const std::invalid_argument& e) {  // e.g. longer than the model's context with --long-sequences error
      // Name the batch's longest record: the one past the model's context when that is the reason.
      size_t longest = start;
      for (size_t i = start; i < end; ++i)
        if (encodings[i - start].ids.size() > encodings[longest - start].ids.size()) longest = i;
      throw InputError(opt.input, records[longest].line, "",
                       "longest sequence of its batch (" + std::to_string(encodings[longest - start].ids.size()) +
                           " tokens): " + e.what() + " (model " + opt.model_dir + ")");
    }
    auto probs = torch::softmax(logits, -1);
    auto la = logits.accessor<double, 2>();
    auto pa = probs.accessor<double, 2>();
    for (size_t b = 0; b < end - start; ++b) {
      os << (start + b);
      for (int i = 0; i < n; ++i) os << '\t' << format_number(la[b][i]);
      for (int i = 0; i < n; ++i) os << '\t' << format_number(pa[b][i]);
      os << '\n';
    }
  }
  os.close();
  if (!os) throw InputError(opt.out, 0, "", "write failed (disk full?)");
  file.commit();
  std::cout << "predicted " << records.size() << " sequences with " << opt.model_dir << " -> " << opt.out << std::endl;
}

}  // namespace

void add_predict_command(CLI::App& app, CommandResult& result) {
  auto opt = std::make_shared<PredictOptions>();
  auto* cmd = app.add_subcommand("predict", "classify the sequences of a FASTA/CSV file with a model directory");
  cmd->add_option("--model", opt->model_dir, "Hugging Face model directory (config.json, weights, tokenizer files)")
      ->required();
  cmd->add_option("--input", opt->input, "FASTA or CSV (with a `sequence` column) file")->required();
  cmd->add_option("--out", opt->out, "output TSV: index, logits, probabilities")->required();
  cmd->add_option("--batch-size", opt->batch_size, "sequences per forward pass (padded to the longest)");
  add_long_row_options(*cmd, opt->long_rows);
  cmd->callback([opt, &result] {
    run_predict(*opt);
    result.exit_code = 0;
  });
}

}  // namespace lnc::launcher
