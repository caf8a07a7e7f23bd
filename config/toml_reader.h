#pragma once
// Strict, typed reading of one TOML table. Every accessor marks its key as used; finish() rejects any key
// that nothing asked for. All errors are InputErrors naming the file, the line and the dotted key, so that
// a config is either fully valid or nothing runs.
//
// Only the config parsers include this header (toml++ is heavy); everything else sees the typed structs.
#include <toml++/toml.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lnc::config {

// Parses a file; syntax errors become InputErrors with the file and line.
toml::table parse_toml_file(const std::string& path);
toml::table parse_toml_string(const std::string& text, const std::string& source_name);

class TomlReader {
 public:
  // `prefix` is the dotted path of this table ("" for the root), used in messages.
  TomlReader(const toml::table& table, std::string file, std::string prefix = "");

  // Lines for values that were put into the table by the program (grid axes), which toml++ leaves without a
  // source position: dotted key -> line where the value was written.
  using LineMap = std::map<std::string, long>;
  void set_inserted_lines(std::shared_ptr<const LineMap> lines) { inserted_lines_ = std::move(lines); }

  bool has(const std::string& key) const;

  std::string get_string(const std::string& key);
  std::string get_string(const std::string& key, const std::string& fallback);
  std::int64_t get_int(const std::string& key);
  std::int64_t get_int(const std::string& key, std::int64_t fallback);
  double get_double(const std::string& key);  // integers are accepted as numbers
  double get_double(const std::string& key, double fallback);
  bool get_bool(const std::string& key);
  bool get_bool(const std::string& key, bool fallback);
  std::vector<std::string> get_string_list(const std::string& key, std::vector<std::string> fallback = {});
  std::vector<std::int64_t> get_int_list(const std::string& key, std::vector<std::int64_t> fallback = {});
  std::vector<double> get_double_list(const std::string& key, std::vector<double> fallback = {});

  // Sub-table reader (missing table -> empty table when optional).
  TomlReader table(const std::string& key);
  std::optional<TomlReader> optional_table(const std::string& key);
  std::vector<TomlReader> table_array(const std::string& key);  // [[key]] entries; missing -> empty

  // One of `allowed`, else an error listing them.
  std::string get_choice(const std::string& key, const std::vector<std::string>& allowed);
  std::string get_choice(const std::string& key, const std::vector<std::string>& allowed, const std::string& fallback);

  // Marks a key as handled elsewhere (for example a raw sub-table kept as TOML).
  void accept(const std::string& key);
  // Throws on the first unknown key (by source order).
  void finish() const;

  [[noreturn]] void fail(const std::string& key, const std::string& message) const;
  std::string dotted(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "." + key; }
  long line_of(const std::string& key) const;
  const std::string& file() const { return file_; }
  const toml::table& raw() const { return *table_; }

 private:
  const toml::node& require(const std::string& key);
  const toml::table* table_;
  std::string file_;
  std::string prefix_;
  std::set<std::string> used_;
  std::shared_ptr<const LineMap> inserted_lines_;
};

std::string toml_type_name(const toml::node& node);

}  // namespace lnc::config
