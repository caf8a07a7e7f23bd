#pragma once
// `--set KEY=VALUE` on the command line (train, its --dry-run, plan): KEY is dotted as a grid axis
// ("optimizer.lr"), VALUE is TOML ("1e-4", "true", "'bert'", "[42, 43]").
//
// Precedence: applied to the grid file after its includes and before recipes and grid expansion, so a --set key is
// the point's own key (above [recipes.<family>] and the built-in recipes). On a key that is a grid axis, the
// override replaces the axis: an array gives it new values, any other value fixes the key for every point (the axis
// is dropped). On any other key an array adds a grid axis, except on keys whose value is itself a list
// (lora.target_modules, lora.modules_to_save, model.c_values), where an array is the value and an array of arrays
// is an axis, as in a [grid] table. A key that a [[grid.zip]] entry varies cannot be set (the zip's arrays must
// keep one length). In a union file (grids = [...]) every override applies to every listed grid, and job.* and
// parallelism.* to the union's own tables too.
// A run's identity is its resolved config (config/run_identity.h), so --set and a file that says the same thing
// give the same run. Every error names "--set", the key and what is wrong.
#include <toml++/toml.h>

#include <string>
#include <vector>

namespace lnc::config {

struct ConfigOverride {
  std::string key;    // dotted
  std::string text;   // VALUE as given, for messages
  toml::table holder; // {"value" = VALUE}; holder["value"] is the parsed node
  const toml::node& value() const { return *holder.get("value"); }
};

// Parses "KEY=VALUE" arguments; InputError naming --set and the key on a malformed one.
std::vector<ConfigOverride> parse_overrides(const std::vector<std::string>& arguments);

// Whether an array given for `key` is the key's value rather than the values of a grid axis.
bool is_list_valued_key(const std::string& key);

// Applies the overrides to a grid file's point table `root` and its [grid] table (moved out of `root`).
void apply_overrides(toml::table& root, toml::table& grid_table, const std::vector<ConfigOverride>& overrides,
                     const std::string& file);

// "--set KEY=TEXT" for messages.
std::string override_label(const ConfigOverride& o);

}  // namespace lnc::config
