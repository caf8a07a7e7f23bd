// TOML -> RunConfig / GridConfig. The grid's [grid] axes are applied to a copy of the base table, and every
// resolved point is parsed with the same strict reader, so an axis naming an unknown key fails like any other.
#include <functional>
#include <limits>
#include <map>
#include <sstream>

#include "data/io/env_expand.h"
#include "data/io/input_error.h"
#include "data/io/sha256.h"
#include "launcher/config/run_config.h"
#include "launcher/config/toml_reader.h"

namespace lnc::config {
namespace {

struct Preset {
  int hidden, layers, heads, intermediate;
};
const std::map<std::string, Preset>& presets() {
  static const std::map<std::string, Preset> p = {
      {"tiny", {64, 2, 4, 256}}, {"mini", {128, 4, 4, 512}}, {"small", {256, 4, 8, 1024}}, {"base", {768, 12, 12, 3072}}};
  return p;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
  return s;
}

// Path values may name environment variables as ${VAR}, so that one grid file serves every cluster.
std::string expanded_path(TomlReader& t, const std::string& key, const std::string& fallback) {
  std::string value = t.has(key) ? t.get_string(key) : t.get_string(key, fallback);
  return expand_env(value, t.file(), t.line_of(key), t.dotted(key));
}

JobConfig parse_job(TomlReader& root) {
  JobConfig job;
  if (auto t = root.optional_table("job")) {
    job.name = t->get_string("name", job.name);
    job.store = expanded_path(*t, "store", job.store);
    job.output_dir = expanded_path(*t, "output_dir", job.output_dir);
    t->finish();
  }
  return job;
}

DataConfig parse_data(TomlReader& root) {
  TomlReader t = root.table("data");
  DataConfig d;
  d.task = t.get_string("task");
  d.length = t.get_int("length", 0);
  d.tokenizer = t.get_choice("tokenizer", {"kmer", "bpe", "nt"}, "kmer");
  d.k = t.get_int("k", d.tokenizer == "kmer" ? 3 : 0);
  if (d.tokenizer == "kmer" && (d.k < 3 || d.k > 6)) t.fail("k", "DNABERT k-mers must be 3..6, got " + std::to_string(d.k));
  std::string tokens = expand_env(t.get_string("tokens"), t.file(), t.line_of("tokens"), t.dotted("tokens"));
  tokens = replace_all(tokens, "{task}", d.task);
  tokens = replace_all(tokens, "{length}", std::to_string(d.length));
  tokens = replace_all(tokens, "{k}", std::to_string(d.k));
  tokens = replace_all(tokens, "{tokenizer}", d.tokenizer);
  d.tokens = tokens;
  t.finish();
  return d;
}

ModelSection parse_model(TomlReader& root) {
  TomlReader t = root.table("model");
  ModelSection m;
  auto& a = m.architecture;
  a.family = t.get_choice("family", {"bert", "dnabert2", "esm", "lr_tfidf"});

  m.pretrained = expanded_path(t, "pretrained", "");
  m.preset = t.get_string("preset", m.pretrained.empty() ? "tiny" : "");
  if (!m.preset.empty()) {
    auto it = presets().find(m.preset);
    if (it == presets().end()) t.fail("preset", "unknown preset '" + m.preset + "' (tiny, mini, small, base)");
    a.hidden_size = it->second.hidden;
    a.num_layers = it->second.layers;
    a.num_heads = it->second.heads;
    a.intermediate_size = it->second.intermediate;
  }
  // TOML integers are 64-bit; a dimension past int range would otherwise wrap into a small, valid-looking one.
  auto get_dimension = [&t](const std::string& key, int fallback) {
    const std::int64_t v = t.get_int(key, fallback);
    if (v < 0 || v > std::numeric_limits<int>::max()) t.fail(key, "must be in 0.." + std::to_string(std::numeric_limits<int>::max()));
    return static_cast<int>(v);
  };
  a.hidden_size = get_dimension("hidden_size", a.hidden_size);
  a.num_layers = get_dimension("num_layers", a.num_layers);
  a.num_heads = get_dimension("num_heads", a.num_heads);
  a.intermediate_size = get_dimension("intermediate_size", a.intermediate_size);
  a.max_position_embeddings = get_dimension("max_position_embeddings", a.max_position_embeddings);
  a.hidden_dropout = t.get_double("hidden_dropout", a.hidden_dropout);
  a.attention_dropout = t.get_double("attention_dropout", a.attention_dropout);
  if (a.hidden_size <= 0 || a.num_heads <= 0 || a.hidden_size % a.num_heads != 0)
    t.fail("num_heads", "hidden_size must be a positive multiple of num_heads");
  if (a.num_layers <= 0) t.fail("num_layers", "must be positive");
  if (a.hidden_dropout < 0 || a.hidden_dropout >= 1) t.fail("hidden_dropout", "must be in [0, 1)");
  if (a.attention_dropout < 0 || a.attention_dropout >= 1) t.fail("attention_dropout", "must be in [0, 1)");
  {
    auto& b = m.baseline;
    b.kmer = static_cast<int>(t.get_int("kmer", b.kmer));
    b.ngram_min = static_cast<int>(t.get_int("ngram_min", b.ngram_min));
    b.ngram_max = static_cast<int>(t.get_int("ngram_max", b.ngram_max));
    b.c_values = t.get_double_list("c_values", b.c_values);
    if (b.kmer < 1 || b.kmer > 12) t.fail("kmer", "must be in 1..12");
    if (b.ngram_min < 1 || b.ngram_max < b.ngram_min) t.fail("ngram_max", "need 1 <= ngram_min <= ngram_max");
    if (b.c_values.empty()) t.fail("c_values", "needs at least one value");
    for (double c : b.c_values)
      if (c <= 0) t.fail("c_values", "C values must be positive");
  }
  // Keys of the other families are read and validated too (a grid may mix families in one [model] table);
  // they only take effect for their own family.
  if (a.family == "lr_tfidf") {
    m.name = t.get_string("name", "lr_tfidf");
    t.finish();
    return m;
  }
  m.name = t.get_string("name", a.family + (m.preset.empty() ? "" : "-" + m.preset));
  t.finish();
  return m;
}

OptimizerConfig parse_optimizer(TomlReader& root) {
  OptimizerConfig o;
  auto t = root.optional_table("optimizer");
  if (!t) return o;
  o.lr = t->get_double("lr", o.lr);
  o.weight_decay = t->get_double("weight_decay", o.weight_decay);
  o.beta1 = t->get_double("beta1", o.beta1);
  o.beta2 = t->get_double("beta2", o.beta2);
  o.eps = t->get_double("eps", o.eps);
  o.max_grad_norm = t->get_double("max_grad_norm", o.max_grad_norm);
  if (o.lr <= 0) t->fail("lr", "must be positive");
  if (o.weight_decay < 0) t->fail("weight_decay", "must be >= 0");
  t->finish();
  return o;
}

SchedulerConfig parse_scheduler(TomlReader& root) {
  SchedulerConfig s;
  auto t = root.optional_table("lr_scheduler");
  if (!t) return s;
  s.warmup_steps = t->get_int("warmup_steps", s.warmup_steps);
  s.decay = t->get_choice("decay", {"linear", "constant"}, s.decay);
  if (s.warmup_steps < 0) t->fail("warmup_steps", "must be >= 0");
  t->finish();
  return s;
}

TrainingConfig parse_training(TomlReader& root) {
  TrainingConfig c;
  auto t = root.optional_table("training");
  if (!t) return c;
  c.seed = t->get_int("seed", c.seed);
  c.epochs = t->get_int("epochs", c.epochs);
  c.max_steps = t->get_int("max_steps", c.max_steps);
  c.global_batch_size = t->get_int("global_batch_size", c.global_batch_size);
  c.eval_batch_size = t->get_int("eval_batch_size", c.eval_batch_size);
  c.threads_per_rank = t->get_int("threads_per_rank", c.threads_per_rank);
  c.device = t->get_choice("device", {"auto", "cpu", "cuda"}, c.device);
  if (c.epochs <= 0) t->fail("epochs", "must be positive");
  if (c.max_steps < 0) t->fail("max_steps", "must be >= 0");
  if (c.global_batch_size <= 0) t->fail("global_batch_size", "must be positive");
  if (c.eval_batch_size <= 0) t->fail("eval_batch_size", "must be positive");
  if (c.threads_per_rank < 0) t->fail("threads_per_rank", "must be >= 0");
  t->finish();
  return c;
}

std::string canonical_text(const toml::table& resolved) {
  toml::table copy = resolved;
  copy.erase("job");
  copy.erase("grid");
  std::ostringstream out;
  out << toml::toml_formatter(copy, toml::format_flags::none);
  return out.str();
}

RunConfig parse_run(const toml::table& resolved, const std::string& file,
                    std::shared_ptr<const TomlReader::LineMap> axis_lines) {
  TomlReader root(resolved, file);
  root.set_inserted_lines(std::move(axis_lines));
  RunConfig r;
  r.source_file = file;
  r.job = parse_job(root);
  r.data = parse_data(root);
  r.model = parse_model(root);
  r.optimizer = parse_optimizer(root);
  r.scheduler = parse_scheduler(root);
  r.training = parse_training(root);
  root.accept("grid");
  root.finish();
  r.canonical_toml = canonical_text(resolved);
  r.config_hash = sha256_hex(r.canonical_toml);
  return r;
}

// Flattens [grid] into (dotted key, array) axes in source order.
void collect_axes(const toml::table& table, const std::string& prefix, const std::string& file,
                  std::vector<std::pair<std::string, const toml::array*>>& axes) {
  for (const auto& [k, v] : table) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = v.as_table()) {
      collect_axes(*sub, key, file, axes);
    } else if (const auto* arr = v.as_array()) {
      if (arr->empty()) throw InputError(file, static_cast<long>(v.source().begin.line), "grid." + key, "axis has no values");
      axes.emplace_back(key, arr);
    } else {
      throw InputError(file, static_cast<long>(v.source().begin.line), "grid." + key,
                       "grid axes must be arrays of values, got " + toml_type_name(v));
    }
  }
}

void set_dotted(toml::table& root, const std::string& dotted, const toml::node& value, const std::string& file) {
  toml::table* t = &root;
  size_t start = 0;
  for (size_t dot = dotted.find('.'); dot != std::string::npos; dot = dotted.find('.', start)) {
    std::string part = dotted.substr(start, dot - start);
    if (!t->contains(part)) t->insert(part, toml::table{});
    t = (*t)[part].as_table();
    if (!t) throw InputError(file, static_cast<long>(value.source().begin.line), "grid." + dotted, "'" + part + "' is not a table");
    start = dot + 1;
  }
  std::string leaf = dotted.substr(start);
  t->insert_or_assign(leaf, value);
}

}  // namespace

GridConfig load_grid_config(const std::string& path) {
  toml::table root = parse_toml_file(path);
  GridConfig grid;
  grid.file = path;
  toml::table grid_table;
  if (auto* g = root.get("grid")) {
    if (!g->as_table()) throw InputError(path, static_cast<long>(g->source().begin.line), "grid", "must be a table");
    grid_table = *g->as_table();
  }
  std::vector<std::pair<std::string, const toml::array*>> axes;
  auto axis_lines = std::make_shared<TomlReader::LineMap>();
  if (auto* g = root.get("grid")) {
    // Lines come from the original (copies of toml++ nodes carry no source position).
    std::vector<std::pair<std::string, const toml::array*>> original;
    collect_axes(*g->as_table(), "", path, original);
    for (const auto& a : original) (*axis_lines)[a.first] = static_cast<long>(a.second->source().begin.line);
  }
  collect_axes(grid_table, "", path, axes);
  for (const auto& a : axes) grid.axes.push_back(a.first);
  root.erase("grid");

  // Cartesian product, first axis slowest: an odometer over the axis indices. Axis values are written into
  // `root` itself, whose other nodes keep their source lines for messages; every point overwrites all axis keys.
  std::vector<size_t> index(axes.size(), 0);
  auto advance = [&]() {
    for (size_t i = axes.size(); i-- > 0;) {
      if (++index[i] < axes[i].second->size()) return true;
      index[i] = 0;
    }
    return false;
  };
  do {
    for (size_t i = 0; i < axes.size(); ++i) set_dotted(root, axes[i].first, *axes[i].second->get(index[i]), path);
    grid.points.push_back(parse_run(root, path, axis_lines));
  } while (advance());
  grid.job = grid.points.front().job;
  return grid;
}

}  // namespace lnc::config
