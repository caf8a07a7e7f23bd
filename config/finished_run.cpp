#include "config/finished_run.h"

#include "base/env_expand.h"
#include "base/input_error.h"
#include "config/toml_reader.h"

namespace lnc::config {

FinishedRun read_finished_run(const std::string& dir) {
  const std::string path = dir + "/config.toml";
  const toml::table root = parse_toml_file(path);
  TomlReader top(root, path);
  TomlReader data = top.table("data");
  FinishedRun run;
  run.dir = dir;
  run.length = data.get_int("length");
  if (run.length <= 50) data.fail("length", "a promoter window needs more than 50 bases");
  // The choices of config/run_config_parser.cpp's [data] section.
  DataConfig& rows = run.long_rows;
  rows.long_sequences = data.get_choice("long_sequences", {"error", "truncate", "chunk"}, rows.long_sequences);
  rows.truncation_side = data.get_choice("truncation_side", {"right", "left"}, rows.truncation_side);
  rows.chunk_stride = data.get_int("chunk_stride", rows.chunk_stride);
  if (rows.chunk_stride < 0) data.fail("chunk_stride", "must be positive (0 = the default)");
  rows.chunk_pooling = data.get_choice("chunk_pooling", {"mean", "max"}, rows.chunk_pooling);
  if (auto model = top.optional_table("model")) {
    const std::string pretrained = model->get_string("pretrained", "");
    if (!pretrained.empty())
      run.pretrained = expand_env(pretrained, path, model->line_of("pretrained"), "model.pretrained");
    run.family = model->get_string("family", "");
  }
  if (top.has("lora")) run.lora = top.table("lora").get_bool("enabled", false);
  return run;
}

}  // namespace lnc::config
