// TOML -> RunConfig / GridConfig. The grid's [grid] axes (and family recipes) are applied to the base table, and every
// resolved point is parsed with the same strict reader, so an axis naming an unknown key fails like any other.
#include <algorithm>
#include <functional>
#include <set>
#include <limits>
#include <map>

#include "base/env_expand.h"
#include "base/input_error.h"
#include "config/config_overrides.h"
#include "config/family_recipes.h"
#include "config/grid_axes.h"
#include "config/model_families.h"
#include "config/run_config.h"
#include "config/run_identity.h"
#include "config/toml_include.h"
#include "config/toml_reader.h"

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

// {task} {length} {k} {tokenizer} in a token path, from the point's own [data] values.
std::string with_placeholders(std::string tokens, const DataConfig& d) {
  tokens = replace_all(tokens, "{task}", d.task);
  tokens = replace_all(tokens, "{length}", std::to_string(d.length));
  tokens = replace_all(tokens, "{k}", std::to_string(d.k));
  return replace_all(tokens, "{tokenizer}", d.tokenizer);
}

// A string value of `resolved` ("" when absent): the identity takes paths before ${ENV} expansion.
std::string raw_string(const toml::table& resolved, const char* table, const char* key) {
  if (const auto* t = resolved.get_as<toml::table>(table))
    if (const auto* v = t->get_as<std::string>(key)) return v->get();
  return "";
}

// data.tokens and model.pretrained of a parsed point as its table wrote them (config/run_identity.h).
PathsAsWritten paths_as_written(const toml::table& resolved, const RunConfig& r) {
  return {with_placeholders(raw_string(resolved, "data", "tokens"), r.data), raw_string(resolved, "model", "pretrained")};
}

JobConfig parse_job(TomlReader& root) {
  JobConfig job;
  if (auto t = root.optional_table("job")) {
    job.name = t->get_string("name", job.name);
    job.store = expanded_path(*t, "store", job.store);
    job.output_dir = expanded_path(*t, "output_dir", job.output_dir);
    job.max_attempts = t->get_int("max_attempts", job.max_attempts);
    if (job.max_attempts < 1) t->fail("max_attempts", "must be >= 1, got " + std::to_string(job.max_attempts));
    job.tensorboard = t->get_bool("tensorboard", job.tensorboard);
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
  d.tokens = with_placeholders(expand_env(t.get_string("tokens"), t.file(), t.line_of("tokens"), t.dotted("tokens")), d);
  d.long_sequences = t.get_choice("long_sequences", {"error", "truncate", "chunk"}, d.long_sequences);
  d.truncation_side = t.get_choice("truncation_side", {"right", "left"}, d.truncation_side);
  d.chunk_stride = t.get_int("chunk_stride", d.chunk_stride);
  // Its upper bound (a chunk's content) needs the model's context: checked at submission (launcher/preflight).
  if (d.chunk_stride < 0)
    t.fail("chunk_stride", "must be positive (tokens between chunk starts; 0 = the default), got " +
                               std::to_string(d.chunk_stride));
  d.chunk_pooling = t.get_choice("chunk_pooling", {"mean", "max"}, d.chunk_pooling);
  t.finish();
  return d;
}

ModelSection parse_model(TomlReader& root) {
  TomlReader t = root.table("model");
  ModelSection m;
  auto& a = m.architecture;
  a.family = t.get_choice("family", family_names());
  const FamilySpec& spec = family_spec(a.family);

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
  if (spec.baseline) {
    m.name = t.get_string("name", spec.name);
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
  if (o.beta1 < 0 || o.beta1 >= 1) t->fail("beta1", "must be in [0, 1)");
  if (o.beta2 < 0 || o.beta2 >= 1) t->fail("beta2", "must be in [0, 1)");
  if (o.eps <= 0) t->fail("eps", "must be positive");
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
  c.checkpoint_every = t->get_int("checkpoint_every", c.checkpoint_every);
  if (c.checkpoint_every < 0) t->fail("checkpoint_every", "must be >= 0 (0 = only at epoch ends)");
  c.log_every = t->get_int("log_every", c.log_every);
  if (c.log_every < 1) t->fail("log_every", "must be >= 1");
  c.micro_batch_size = t->get_int("micro_batch_size", c.micro_batch_size);
  c.activation_checkpointing = t->get_bool("activation_checkpointing", c.activation_checkpointing);
  if (c.micro_batch_size < 0) t->fail("micro_batch_size", "must be >= 0");
  c.overlap_allreduce = t->get_bool("overlap_allreduce", c.overlap_allreduce);
  c.precision = t->get_choice("precision", {"fp32", "bf16"}, c.precision);
  c.length_bucketing = t->get_bool("length_bucketing", c.length_bucketing);
  c.length_bucket_window = t->get_int("length_bucket_window", c.length_bucket_window);
  if (c.length_bucket_window <= 0) t->fail("length_bucket_window", "must be positive");
  if (c.epochs <= 0) t->fail("epochs", "must be positive");
  if (c.max_steps < 0) t->fail("max_steps", "must be >= 0");
  if (c.global_batch_size <= 0) t->fail("global_batch_size", "must be positive");
  if (c.eval_batch_size <= 0) t->fail("eval_batch_size", "must be positive");
  if (c.threads_per_rank < 0) t->fail("threads_per_rank", "must be >= 0");
  t->finish();
  return c;
}

EvaluationConfig parse_evaluation(TomlReader& root) {
  EvaluationConfig e;
  auto t = root.optional_table("evaluation");
  if (!t) return e;
  e.importance = t->get_bool("importance", e.importance);
  e.importance_max_sequences = t->get_int("importance_max_sequences", e.importance_max_sequences);
  if (e.importance_max_sequences < 0) t->fail("importance_max_sequences", "must be >= 0 (0 = every test row)");
  e.importance_methods = t->get_string_list("importance_methods", e.importance_methods);
  for (std::size_t i = 0; i < e.importance_methods.size(); ++i) {
    const auto& m = e.importance_methods[i];
    if (m != "attention" && m != "ism" && m != "integrated_gradients")
      t->fail("importance_methods", "unknown method '" + m + "' (attention | ism | integrated_gradients)");
    for (std::size_t j = 0; j < i; ++j)
      if (e.importance_methods[j] == m) t->fail("importance_methods", "'" + m + "' is listed twice");
  }
  e.ig_steps = t->get_int("ig_steps", e.ig_steps);
  if (e.ig_steps <= 0) t->fail("ig_steps", "must be positive");
  e.ig_baseline = t->get_choice("ig_baseline", {"pad", "mask"}, e.ig_baseline);
  e.ism_tokenizer = expanded_path(*t, "ism_tokenizer", e.ism_tokenizer);
  e.ism_batch_rows = t->get_int("ism_batch_rows", e.ism_batch_rows);
  if (e.ism_batch_rows <= 0) t->fail("ism_batch_rows", "must be positive");
  t->finish();
  return e;
}

// `family`: its FamilySpec gives the default target_modules.
config::LoraSettings parse_lora(TomlReader& root, const std::string& family) {
  config::LoraSettings l;
  if (const FamilySpec* spec = find_family(family); spec && !spec->lora_target_modules.empty())
    l.target_modules = spec->lora_target_modules;
  auto t = root.optional_table("lora");
  if (!t) return l;
  l.enabled = t->get_bool("enabled", true);
  l.r = t->get_int("r", l.r);
  l.alpha = t->get_double("alpha", l.alpha);
  l.dropout = t->get_double("dropout", l.dropout);
  l.target_modules = t->get_string_list("target_modules", l.target_modules);
  l.modules_to_save = t->get_string_list("modules_to_save", l.modules_to_save);
  l.base_dtype = t->get_choice("base_dtype", {"fp32", "bf16"}, l.base_dtype);
  l.export_merged = t->get_bool("export_merged", l.export_merged);
  if (l.r <= 0) t->fail("r", "must be positive");
  if (l.alpha <= 0) t->fail("alpha", "must be positive");
  if (l.dropout < 0 || l.dropout >= 1) t->fail("dropout", "must be in [0, 1)");
  if (l.target_modules.empty()) t->fail("target_modules", "must name at least one module");
  t->finish();
  return l;
}

// [parallelism] of one point (config/run_config.h, ParallelismConfig).
ParallelismConfig parse_parallelism(TomlReader& root) {
  ParallelismConfig p;
  if (auto t = root.optional_table("parallelism")) {
    const toml::node* size = t->raw().get("group_size");
    if (size && size->is_string()) {
      t->get_choice("group_size", {"auto"});
      p.group_size_auto = true;
    } else {
      p.group_size = t->get_int("group_size", 0);
      if (p.group_size < 0) t->fail("group_size", "must be >= 1, \"auto\", or 0 (default)");
    }
    p.device_memory_gib = t->get_double("device_memory_gib", p.device_memory_gib);
    if (!(p.device_memory_gib > 0)) t->fail("device_memory_gib", "must be positive");
    p.collective_timeout_s = t->get_double("collective_timeout_s", p.collective_timeout_s);
    if (!(p.collective_timeout_s > 0)) t->fail("collective_timeout_s", "must be positive (seconds)");
    t->finish();
  }
  return p;
}

// One resolved point (axes and recipes applied), without its identity.
RunConfig parse_point(const toml::table& resolved, const std::string& file,
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
  r.lora = parse_lora(root, r.model.architecture.family);
  r.evaluation = parse_evaluation(root);
  r.parallelism = parse_parallelism(root);
  if (r.lora.enabled && r.model.is_baseline()) throw InputError(file, 0, "lora", "LoRA needs a neural model family");
  root.accept("grid");
  root.finish();
  return r;
}

RunConfig parse_run(const toml::table& resolved, const std::string& file,
                    std::shared_ptr<const TomlReader::LineMap> axis_lines) {
  RunConfig r = parse_point(resolved, file, std::move(axis_lines));
  assign_identity(r, paths_as_written(resolved, r));
  return r;
}

void set_dotted(toml::table& root, const std::string& dotted, const toml::node& value, const std::string& file) {
  // (value is copied: its line is in the LineMap)
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

// The top-level [parallelism] of a grid file (each point's default, a union's override); the other keys of
// `root` are read elsewhere.
ParallelismConfig parse_parallelism(const toml::table& root, const std::string& path) {
  TomlReader reader(root, path);
  return parse_parallelism(reader);
}

// Two points with the same identity would run once and be recorded once: a grid whose points differ only in
// keys outside the identity is a mistake in the file.
void reject_duplicate_points(const GridConfig& grid) {
  std::map<std::string, size_t> first;
  for (size_t i = 0; i < grid.points.size(); ++i) {
    auto [it, inserted] = first.emplace(grid.points[i].config_hash, i);
    if (!inserted)
      throw InputError(grid.file, 0, "grid",
                       "points " + std::to_string(it->second + 1) + " and " + std::to_string(i + 1) +
                           " are the same run: they differ only in how values are spelled or in keys outside a "
                           "run's identity ([job], [parallelism], [evaluation], training.checkpoint_every, training.log_every, "
                           "lora.export_merged, model.preset with the same dimensions; config/run_identity.h)");
  }
}

// training.device and training.threads_per_rank are settings of the whole job (config/run_config.h).
bool is_job_wide(const std::string& dotted) {
  return dotted == "training.device" || dotted == "training.threads_per_rank";
}
const char* const kJobWide =
    "is a setting of the whole job, the same for every point: each phase builds one process group for one device "
    "and thread count; set it in [training]";

void reject_job_wide_axes(const std::vector<GridAxis>& axes, const std::string& path) {
  for (const auto& axis : axes)
    for (size_t k = 0; k < axis.keys.size(); ++k)
      if (is_job_wide(axis.keys[k]))
        throw InputError(path, axis.lines[k], (axis.zipped ? "grid.zip." : "grid.") + axis.keys[k],
                         std::string("cannot be a grid axis: it ") + kJobWide);
}

// Where a point's job-wide values came from when a family recipe inserted them: dotted key -> line (0 = built-in).
using RecipeOrigins = std::map<std::string, long>;

// With axes refused, only family recipes can make the job-wide settings differ between points.
void reject_differing_job_settings(const GridConfig& grid, const std::vector<RecipeOrigins>& origins) {
  const TrainingConfig& first = grid.points.front().training;
  for (size_t i = 1; i < grid.points.size(); ++i) {
    const TrainingConfig& t = grid.points[i].training;
    for (const std::string key : {"training.device", "training.threads_per_rank"}) {
      const bool device = key == "training.device";
      if (device ? t.device == first.device : t.threads_per_rank == first.threads_per_rank) continue;
      const size_t culprit = origins[i].count(key) ? i : 0;  // the point whose value a recipe inserted
      const auto origin = origins[culprit].find(key);
      const std::string family = grid.points[culprit].model.architecture.family;
      const std::string values = device ? "'" + first.device + "' and '" + t.device + "'"
                                        : std::to_string(first.threads_per_rank) + " and " + std::to_string(t.threads_per_rank);
      throw InputError(grid.file, origin == origins[culprit].end() ? 0 : origin->second,
                       origin == origins[culprit].end() ? key : "recipes." + family + "." + key,
                       "points 1 and " + std::to_string(i + 1) + " would differ (" + values + "): " + key + " " +
                           kJobWide + ", not in a family recipe");
    }
  }
}

std::string family_of(const toml::table& root) {
  if (const auto* model = root.get_as<toml::table>("model"))
    if (auto f = model->get("family"); f && f->value_exact<std::string>()) return *f->value_exact<std::string>();
  return "";
}

// A file with `grids = [...]`: the union of those grids (each expanded on its own; a point that several of them
// contain runs once), under this file's [job] and [parallelism].
GridConfig load_grid_union(const std::string& path, const toml::table& root,
                           const std::vector<ConfigOverride>& overrides) {
  TomlReader reader(root, path);
  GridConfig grid;
  grid.file = path;
  grid.job = parse_job(reader);
  grid.parallelism = parse_parallelism(root, path);
  reader.accept("parallelism");
  const auto files = reader.get_string_list("grids");
  reader.finish();
  if (files.empty()) reader.fail("grids", "lists no grid files");
  const size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::set<std::string> seen;
  std::pair<std::string, TrainingConfig> first_sub;  // the first sub-grid and its job-wide settings
  for (const auto& f : files) {
    const std::string sub_path = !f.empty() && f[0] == '/' ? f : dir + f;
    if (sub_path == path) reader.fail("grids", "a grid union cannot list itself");
    GridConfig sub = load_grid_config(sub_path, overrides);
    const TrainingConfig& t = sub.points.front().training;  // each sub-grid is uniform (reject_differing_job_settings)
    if (first_sub.first.empty()) first_sub = {sub_path, t};
    if (t.device != first_sub.second.device || t.threads_per_rank != first_sub.second.threads_per_rank)
      throw InputError(path, reader.line_of("grids"), "grids",
                       first_sub.first + " and " + sub_path + " differ in training.device or training.threads_per_rank (" +
                           first_sub.second.device + "/" + std::to_string(first_sub.second.threads_per_rank) + " and " +
                           t.device + "/" + std::to_string(t.threads_per_rank) + "): they " + kJobWide);
    for (auto& p : sub.points) {
      if (!seen.insert(p.config_hash).second) continue;
      p.job = grid.job;
      if (const auto* par = root.get_as<toml::table>("parallelism")) {  // the keys it gives win
        if (par->contains("group_size")) {
          p.parallelism.group_size = grid.parallelism.group_size;
          p.parallelism.group_size_auto = grid.parallelism.group_size_auto;
        }
        if (par->contains("device_memory_gib")) p.parallelism.device_memory_gib = grid.parallelism.device_memory_gib;
        if (par->contains("collective_timeout_s"))
          p.parallelism.collective_timeout_s = grid.parallelism.collective_timeout_s;
      }
      grid.points.push_back(std::move(p));
    }
    for (const auto& a : sub.axes)
      if (std::find(grid.axes.begin(), grid.axes.end(), a) == grid.axes.end()) grid.axes.push_back(a);
  }
  return grid;
}

}  // namespace

ModelSection model_section(const std::string& family, const std::string& preset) {
  toml::table model;
  model.insert("family", family);
  model.insert("preset", preset);
  toml::table root;
  root.insert("model", std::move(model));
  TomlReader reader(root, "<command line>");
  return parse_model(reader);
}

GridConfig load_grid_config(const std::string& path) { return load_grid_config(path, {}); }

namespace {

GridConfig expand_grid(const std::string& path, const std::vector<ConfigOverride>& overrides);

}  // namespace

GridConfig load_grid_config(const std::string& path, const std::vector<ConfigOverride>& overrides) {
  try {
    return expand_grid(path, overrides);
  } catch (const InputError& e) {
    // A message about a key that came from the command line says so.
    const std::string what = e.what();
    for (const ConfigOverride& o : overrides)
      if (what.find("key '" + o.key + "'") != std::string::npos || what.find("key 'grid." + o.key + "'") != std::string::npos)
        throw InputError(override_label(o) + ": " + what);
    throw;
  }
}

namespace {

GridConfig expand_grid(const std::string& path, const std::vector<ConfigOverride>& overrides) {
  toml::table root = load_toml_with_includes(path);
  if (root.contains("grids")) {
    std::vector<ConfigOverride> own;  // the union's own [job] and [parallelism]
    toml::table no_grid;
    for (const ConfigOverride& o : overrides)
      if (o.key.rfind("job.", 0) == 0 || o.key.rfind("parallelism.", 0) == 0) own.push_back(o);
    apply_overrides(root, no_grid, own, path);
    return load_grid_union(path, root, overrides);
  }
  GridConfig grid;
  grid.file = path;
  grid.parallelism = parse_parallelism(root, path);  // stays in `root`: every point reads its own

  // [grid] and [recipes] are moved out of the point table (moves keep source lines; copies lose them).
  toml::table grid_table, recipes_table;
  if (toml::node* g = root.get("grid")) {
    if (!g->as_table()) throw InputError(path, static_cast<long>(g->source().begin.line), "grid", "must be a table");
    grid_table = std::move(*g->as_table());
    root.erase("grid");
  }
  if (toml::node* r = root.get("recipes")) {
    if (!r->as_table()) throw InputError(path, static_cast<long>(r->source().begin.line), "recipes", "must be a table");
    recipes_table = std::move(*r->as_table());
    root.erase("recipes");
  }
  apply_overrides(root, grid_table, overrides, path);
  const FamilyRecipes recipes(recipes_table, path);
  const std::vector<GridAxis> axes = collect_grid_axes(grid_table, path);
  reject_job_wide_axes(axes, path);
  auto axis_lines = std::make_shared<TomlReader::LineMap>();
  for (const auto& axis : axes) {
    for (size_t i = 0; i < axis.keys.size(); ++i) {
      grid.axes.push_back(axis.keys[i]);
      (*axis_lines)[axis.keys[i]] = axis.lines[i];
    }
  }

  // Cartesian product, first axis slowest: an odometer over the axis indices. Axis values are written into
  // `root` itself, whose other nodes keep their source lines for messages; every point overwrites all axis keys,
  // and the recipe keys a point received are taken out again before the next point.
  std::vector<size_t> index(axes.size(), 0);
  std::vector<RecipeOrigins> origins;  // per point
  auto advance = [&]() {
    for (size_t i = axes.size(); i-- > 0;) {
      if (++index[i] < axes[i].size()) return true;
      index[i] = 0;
    }
    return false;
  };
  do {
    for (size_t a = 0; a < axes.size(); ++a)
      for (size_t k = 0; k < axes[a].keys.size(); ++k) set_dotted(root, axes[a].keys[k], *axes[a].values[k]->get(index[a]), path);
    const auto inserted = recipes.apply(family_of(root), root);
    auto lines = axis_lines;
    if (!inserted.empty()) {
      auto copy = std::make_shared<TomlReader::LineMap>(*axis_lines);
      for (const auto& [key, line] : inserted)
        if (line > 0) (*copy)[key] = line;
      lines = copy;
    }
    grid.points.push_back(parse_run(root, path, lines));
    RecipeOrigins& origin = origins.emplace_back();
    for (const auto& [key, line] : inserted) {
      if (is_job_wide(key)) origin[key] = line;
      erase_dotted(root, key);
    }
  } while (advance());
  grid.job = grid.points.front().job;
  reject_differing_job_settings(grid, origins);
  reject_duplicate_points(grid);
  return grid;
}

}  // namespace

// The stored text is the resolved point as written: parse it as one. Its paths may name environment variables;
// the identity takes them unexpanded, so they are made inert ("${" -> "$") for the parse, which would otherwise
// need this machine's environment to have them.
std::optional<RunIdentity> identity_of_version1_text(const std::string& stored_text) {
  const std::string source = "<stored run config>";
  try {
    const toml::table point = parse_toml_string(stored_text, source);
    toml::table inert = point;
    for (const auto& [table, key] : {std::pair{"data", "tokens"}, std::pair{"model", "pretrained"}})
      if (auto* t = inert.get_as<toml::table>(table))
        if (auto* v = t->get_as<std::string>(key)) v->get() = replace_all(v->get(), "${", "$");
    RunConfig r = parse_point(inert, source, std::make_shared<TomlReader::LineMap>());
    assign_identity(r, paths_as_written(point, r));
    return RunIdentity{r.canonical_toml, r.config_hash};
  } catch (const InputError&) {
    return std::nullopt;
  }
}

}  // namespace lnc::config
