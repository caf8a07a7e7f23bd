
#include "config/prepare_config.h"
#include "config/toml_reader.h"

namespace lnc::config {

PrepareConfig load_prepare_config(const std::string& path) {
  toml::table root_table = parse_toml_file(path);
  TomlReader root(root_table, path);
  PrepareConfig c;
  c.file = path;
  {
    TomlReader d = root.table("dataset");
    c.name = d.get_string("name");
    c.output_dir = d.get_string("output_dir");
    c.source = d.get_choice("source", {"csv", "genome"}, "csv");
    d.finish();
  }
  if (c.source == "csv") {
    TomlReader s = root.table("csv");
    c.csv.train = s.get_string("train");
    c.csv.test = s.get_string("test");
    c.csv.dev = s.get_string("dev", "");
    c.csv.dev_fraction = s.get_double("dev_fraction", c.csv.dev_fraction);
    c.csv.split_seed = s.get_int("split_seed", c.csv.split_seed);
    if (c.csv.dev.empty() && (c.csv.dev_fraction <= 0 || c.csv.dev_fraction >= 1))
      s.fail("dev_fraction", "must be in (0, 1) when no dev file is given");
    s.finish();
  } else {
    if (!root.has("genome")) root.fail("genome", "source = \"genome\" needs a [genome] table");
    TomlReader genome = root.table("genome");
    c.genome = parse_genome_config(genome);
  }
  for (auto& t : root.table_array("tokenizers")) {
    TokenizerSpec spec;
    spec.kind = t.get_choice("kind", {"kmer", "model_dir"});
    if (spec.kind == "kmer") {
      spec.k = t.get_int("k");
      if (spec.k < 3 || spec.k > 6) t.fail("k", "DNABERT k-mers must be 3..6");
      spec.vocab = t.get_string("vocab");
    } else {
      spec.path = t.get_string("path");
    }
    spec.output = t.get_string("output", "");
    t.finish();
    c.tokenizers.push_back(spec);
  }
  if (c.tokenizers.empty()) root.fail("tokenizers", "at least one [[tokenizers]] entry is required");
  root.finish();
  return c;
}

}  // namespace lnc::config
