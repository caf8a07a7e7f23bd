#pragma once
// `include = ["base.toml", ...]` at the top level of a config file: the included files (paths relative to the
// including file; includes nest) are merged in order, then the file's own keys on top. Merging is per key:
// tables merge recursively, any other value (arrays included) replaces the earlier one. An include cycle or a
// missing file is an InputError naming the including file and the `include` key. Nodes keep their source
// positions, so a later error about an included key names the included file and its line.
#include <toml++/toml.h>

#include <string>

namespace lnc::config {

toml::table load_toml_with_includes(const std::string& path);

// Moves the nodes of `top` into `base` (top wins; tables merge recursively). Moving, not copying: toml++ drops
// source positions on copies, and messages need them.
void merge_toml(toml::table& base, toml::table&& top);

}  // namespace lnc::config
