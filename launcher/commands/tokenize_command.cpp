// `lnctrain tokenize --model DIR --input FILE --out FILE.tsv`: tokenizes every sequence of a FASTA or CSV file
// with the tokenizer of a model directory, to inspect or compare token ids with upstream. Sequences are encoded
// on --threads threads (default: all); the output does not depend on the thread count.
//
// Output format (TSV, written atomically):
//   line 1:   index<TAB>input_ids
//   then one line per input sequence, in input order:
//             <0-based index><TAB><token ids separated by single spaces, special tokens included>
// Sequences longer than the model's context (config.json of the directory) follow --long-sequences as [data]
// long_sequences does in training (launcher/commands/long_row_options.h): "error" (the default) writes every
// sequence whole, as before (tokenize only inspects; predict and training refuse); "truncate" writes the kept
// tokens; "chunk" writes one line per chunk under the header index<TAB>chunk<TAB>input_ids (chunk: 0-based).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <optional>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "data/sequences/sequence_input.h"
#include "data/tokenizers/batch_encoder.h"
#include "data/tokenizers/tokenizer_loader.h"
#include "launcher/commands/commands.h"
#include "launcher/commands/long_row_options.h"
#include "trainer/models/hf_config.h"

namespace lnc::launcher {

namespace {

struct TokenizeOptions {
  std::string model_dir;
  std::string input;
  std::string out;
  int threads = 0;
  config::DataConfig long_rows;  // --long-sequences & co.
};

// The tokens of one encoding as written: the whole row, or its windows under the policy.
std::vector<std::vector<std::int32_t>> written_rows(const data::Encoding& e, const data::LongRowPolicy* policy) {
  if (!policy) return {e.ids};
  std::vector<std::vector<std::int32_t>> out;
  const auto length = static_cast<std::int64_t>(e.ids.size());
  for (const auto& w : data::row_windows(length, *policy)) {
    std::vector<std::int32_t> ids;
    for (auto p : data::window_positions(length, w, policy->specials)) ids.push_back(e.ids[static_cast<std::size_t>(p)]);
    out.push_back(std::move(ids));
  }
  return out;
}

void run_tokenize(const TokenizeOptions& opt) {
  const auto tokenizer = data::load_tokenizer(opt.model_dir);
  std::optional<data::LongRowPolicy> policy;
  if (opt.long_rows.long_sequences != "error") {
    const auto model = trainer::read_hf_config(opt.model_dir + "/config.json");
    policy = long_row_policy_of_options(opt.long_rows, model, tokenizer->kind(), tokenizer->pad_id(), opt.model_dir);
  }
  const bool chunked = opt.long_rows.long_sequences == "chunk";
  const auto records = data::read_sequences(opt.input);

  AtomicFile file(opt.out);
  std::ofstream os(file.temp_path(), std::ios::binary);
  if (!os) throw InputError(opt.out, 0, "", "cannot write");
  os << (chunked ? "index\tchunk\tinput_ids\n" : "index\tinput_ids\n");
  std::size_t n_tokens = 0;
  std::string text;
  constexpr std::size_t kChunk = 16384;  // sequences encoded at once: bounds memory on large inputs
  for (std::size_t first = 0; first < records.size(); first += kChunk) {
    const std::size_t last = std::min(records.size(), first + kChunk);
    std::vector<std::string_view> chunk;
    for (std::size_t i = first; i < last; ++i) chunk.emplace_back(records[i].sequence);
    const auto encodings = data::encode_batch(*tokenizer, chunk, opt.threads, [&](std::size_t i) {
      return opt.input + ":" + std::to_string(records[first + i].line) + ": sequence " + std::to_string(first + i);
    });
    text.clear();
    for (std::size_t i = 0; i < encodings.size(); ++i) {
      const auto rows = written_rows(encodings[i], policy ? &*policy : nullptr);
      for (std::size_t c = 0; c < rows.size(); ++c) {
        text += std::to_string(first + i);
        text += '\t';
        if (chunked) text += std::to_string(c) + '\t';
        for (std::size_t t = 0; t < rows[c].size(); ++t) {
          if (t) text += ' ';
          text += std::to_string(rows[c][t]);
        }
        text += '\n';
        n_tokens += rows[c].size();
      }
    }
    os << text;
  }
  os.close();
  if (!os) throw InputError(opt.out, 0, "", "write failed (disk full?)");
  file.commit();
  std::cout << "tokenized " << records.size() << " sequences into " << n_tokens << " tokens (" << tokenizer->kind()
            << " tokenizer of " << opt.model_dir << ") -> " << opt.out << std::endl;
}

}  // namespace

void add_tokenize_command(CLI::App& app, CommandResult& result) {
  auto opt = std::make_shared<TokenizeOptions>();
  CLI::App* cmd = app.add_subcommand("tokenize", "tokenize the sequences of a FASTA or CSV file into token ids (TSV)");
  cmd->add_option("--model", opt->model_dir, "model directory holding tokenizer.json or vocab.txt")->required();
  cmd->add_option("--input", opt->input, "FASTA (.fa/.fasta/.fna[.gz]) or CSV with a 'sequence' column")->required();
  cmd->add_option("--out", opt->out, "output TSV: index<TAB>space-separated ids")->required();
  add_long_row_options(*cmd, opt->long_rows);
  cmd->add_option("--threads", opt->threads, "encoding threads (0: one per hardware thread)")->check(CLI::NonNegativeNumber);
  cmd->callback([opt, &result] {
    run_tokenize(*opt);
    result.exit_code = 0;
  });
}

}  // namespace lnc::launcher
