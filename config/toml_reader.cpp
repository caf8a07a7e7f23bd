#include "config/toml_reader.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "base/atomic_file.h"
#include "base/input_error.h"

namespace lnc::config {

toml::table parse_toml_string(const std::string& text, const std::string& source_name) {
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    throw InputError(source_name, static_cast<long>(e.source().begin.line), "",
                     "TOML syntax error: " + std::string(e.description()));
  }
}

toml::table parse_toml_file(const std::string& path) { return parse_toml_string(read_file(path), path); }

std::string toml_type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date/time";
  }
}

TomlReader::TomlReader(const toml::table& table, std::string file, std::string prefix)
    : table_(&table), file_(std::move(file)), prefix_(std::move(prefix)) {}

bool TomlReader::has(const std::string& key) const { return table_->contains(key); }

long TomlReader::line_of(const std::string& key) const {
  if (const toml::node* n = table_->get(key)) {
    if (n->source().begin.line > 0) return static_cast<long>(n->source().begin.line);
    if (inserted_lines_) {
      auto it = inserted_lines_->find(dotted(key));
      if (it != inserted_lines_->end()) return it->second;
    }
  }
  return static_cast<long>(table_->source().begin.line);
}

void TomlReader::fail(const std::string& key, const std::string& message) const {
  // A key that came from an included file is reported in that file (its node remembers where it was parsed).
  std::string file = file_;
  if (const toml::node* n = table_->get(key); n && n->source().path && n->source().begin.line > 0) file = *n->source().path;
  throw InputError(file, line_of(key), dotted(key), message);
}

const toml::node& TomlReader::require(const std::string& key) {
  used_.insert(key);
  const toml::node* n = table_->get(key);
  if (!n) {
    long line = static_cast<long>(table_->source().begin.line);
    throw InputError(file_, line, dotted(key), "required key is missing");
  }
  return *n;
}

std::string TomlReader::get_string(const std::string& key) {
  const toml::node& n = require(key);
  if (auto v = n.value_exact<std::string>()) return *v;
  fail(key, "expected a string, got " + toml_type_name(n));
}
std::string TomlReader::get_string(const std::string& key, const std::string& fallback) {
  return has(key) ? get_string(key) : (used_.insert(key), fallback);
}

std::int64_t TomlReader::get_int(const std::string& key) {
  const toml::node& n = require(key);
  if (auto v = n.value_exact<std::int64_t>()) return *v;
  fail(key, "expected an integer, got " + toml_type_name(n));
}
std::int64_t TomlReader::get_int(const std::string& key, std::int64_t fallback) {
  return has(key) ? get_int(key) : (used_.insert(key), fallback);
}

double TomlReader::get_double(const std::string& key) {
  const toml::node& n = require(key);
  if (auto v = n.value_exact<double>()) {
    // TOML spells nan and inf; no setting of lnctrain means either, and a nan lr would only fail deep in a run.
    if (!std::isfinite(*v)) fail(key, "must be a finite number, got " + std::string(std::isnan(*v) ? "nan" : "inf"));
    return *v;
  }
  if (auto v = n.value_exact<std::int64_t>()) return static_cast<double>(*v);
  fail(key, "expected a number, got " + toml_type_name(n));
}
double TomlReader::get_double(const std::string& key, double fallback) {
  return has(key) ? get_double(key) : (used_.insert(key), fallback);
}

bool TomlReader::get_bool(const std::string& key) {
  const toml::node& n = require(key);
  if (auto v = n.value_exact<bool>()) return *v;
  fail(key, "expected a boolean, got " + toml_type_name(n));
}
bool TomlReader::get_bool(const std::string& key, bool fallback) {
  return has(key) ? get_bool(key) : (used_.insert(key), fallback);
}

std::vector<std::string> TomlReader::get_string_list(const std::string& key, std::vector<std::string> fallback) {
  if (!has(key)) {
    used_.insert(key);
    return fallback;
  }
  const toml::node& n = require(key);
  const toml::array* arr = n.as_array();
  if (!arr) fail(key, "expected an array of strings, got " + toml_type_name(n));
  std::vector<std::string> out;
  for (const toml::node& item : *arr) {
    auto v = item.value_exact<std::string>();
    if (!v) fail(key, "expected an array of strings, found " + toml_type_name(item));
    out.push_back(*v);
  }
  return out;
}

std::vector<std::int64_t> TomlReader::get_int_list(const std::string& key, std::vector<std::int64_t> fallback) {
  if (!has(key)) {
    used_.insert(key);
    return fallback;
  }
  const toml::node& n = require(key);
  const toml::array* arr = n.as_array();
  if (!arr) fail(key, "expected an array of integers, got " + toml_type_name(n));
  std::vector<std::int64_t> out;
  for (const toml::node& item : *arr) {
    auto v = item.value_exact<std::int64_t>();
    if (!v) fail(key, "expected an array of integers, found " + toml_type_name(item));
    out.push_back(*v);
  }
  return out;
}

std::vector<double> TomlReader::get_double_list(const std::string& key, std::vector<double> fallback) {
  if (!has(key)) {
    used_.insert(key);
    return fallback;
  }
  const toml::node& n = require(key);
  const toml::array* arr = n.as_array();
  if (!arr) fail(key, "expected an array of numbers, got " + toml_type_name(n));
  std::vector<double> out;
  for (const toml::node& item : *arr) {
    if (auto d = item.value_exact<double>()) {
      if (!std::isfinite(*d)) fail(key, "must hold finite numbers, found " + std::string(std::isnan(*d) ? "nan" : "inf"));
      out.push_back(*d);
    } else if (auto i = item.value_exact<std::int64_t>()) out.push_back(static_cast<double>(*i));
    else fail(key, "expected an array of numbers, found " + toml_type_name(item));
  }
  return out;
}

TomlReader TomlReader::table(const std::string& key) {
  const toml::node& n = require(key);
  const toml::table* t = n.as_table();
  if (!t) fail(key, "expected a table, got " + toml_type_name(n));
  TomlReader sub(*t, file_, dotted(key));
  sub.inserted_lines_ = inserted_lines_;
  return sub;
}

std::optional<TomlReader> TomlReader::optional_table(const std::string& key) {
  if (!has(key)) {
    used_.insert(key);
    return std::nullopt;
  }
  return table(key);
}

std::vector<TomlReader> TomlReader::table_array(const std::string& key) {
  std::vector<TomlReader> out;
  if (!has(key)) {
    used_.insert(key);
    return out;
  }
  const toml::node& n = require(key);
  const toml::array* arr = n.as_array();
  if (!arr) fail(key, "expected an array of tables ([[" + dotted(key) + "]]), got " + toml_type_name(n));
  size_t i = 0;
  for (const toml::node& item : *arr) {
    const toml::table* t = item.as_table();
    if (!t) fail(key, "expected an array of tables, found " + toml_type_name(item));
    out.emplace_back(*t, file_, dotted(key) + "[" + std::to_string(i++) + "]");
    out.back().inserted_lines_ = inserted_lines_;
  }
  return out;
}

std::string TomlReader::get_choice(const std::string& key, const std::vector<std::string>& allowed) {
  std::string v = get_string(key);
  if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    fail(key, "'" + v + "' is not one of: " + list);
  }
  return v;
}

std::string TomlReader::get_choice(const std::string& key, const std::vector<std::string>& allowed,
                                   const std::string& fallback) {
  if (!has(key)) {
    used_.insert(key);
    return fallback;
  }
  return get_choice(key, allowed);
}

void TomlReader::accept(const std::string& key) { used_.insert(key); }

void TomlReader::finish() const {
  std::string first_key;
  long first_line = 0;
  for (const auto& [k, v] : *table_) {
    std::string key(k.str());
    if (used_.count(key)) continue;
    long line = line_of(key);
    if (first_key.empty() || line < first_line) {
      first_key = key;
      first_line = line;
    }
  }
  if (!first_key.empty()) throw InputError(file_, first_line, dotted(first_key), "unknown key");
}

}  // namespace lnc::config
