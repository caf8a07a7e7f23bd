// `lnctrain tokenize --model DIR --input FILE --out FILE.tsv`: tokenizes every sequence of a FASTA or CSV file
// with the tokenizer of a model directory, to inspect or compare token ids with upstream.
//
// Output format (TSV, written atomically):
//   line 1:   index<TAB>input_ids
//   then one line per input sequence, in input order:
//             <0-based index><TAB><token ids separated by single spaces, special tokens included>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "data/io/atomic_file.h"
#include "data/io/input_error.h"
#include "data/sequences/sequence_input.h"
#include "data/tokenizers/tokenizer_loader.h"
#include "launcher/commands/commands.h"

namespace lnc::launcher {

namespace {

struct TokenizeOptions {
  std::string model_dir;
  std::string input;
  std::string out;
};

void run_tokenize(const TokenizeOptions& opt) {
  const auto tokenizer = data::load_tokenizer(opt.model_dir);
  const auto records = data::read_sequences(opt.input);

  AtomicFile file(opt.out);
  std::ofstream os(file.temp_path(), std::ios::binary);
  if (!os) throw InputError(opt.out, 0, "", "cannot write");
  os << "index\tinput_ids\n";
  std::size_t n_tokens = 0;
  std::string line;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto encoding = tokenizer->encode(records[i].sequence);
    line = std::to_string(i);
    line += '\t';
    for (std::size_t t = 0; t < encoding.ids.size(); ++t) {
      if (t) line += ' ';
      line += std::to_string(encoding.ids[t]);
    }
    line += '\n';
    os << line;
    n_tokens += encoding.ids.size();
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
  cmd->callback([opt, &result] {
    run_tokenize(*opt);
    result.exit_code = 0;
  });
}

}  // namespace lnc::launcher
