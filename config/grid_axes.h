#pragma once
// The axes of a [grid] table. Every array under [grid] (dotted keys, e.g. "optimizer.lr" = [1e-4, 3e-5], or
// nested tables) is one axis; each [[grid.zip]] entry is one axis whose arrays (all of the same length) vary
// together: value i of every key of the entry belongs to the same grid point. The grid is the cartesian product
// of the axes, first axis slowest (zip entries come after the plain axes, in file order).
//
//   [grid]
//   "training.seed" = [42, 43]
//   [[grid.zip]]                       # three models, each with its own tokenizer
//   "model.name"     = ["dnabert-3mer", "dnabert2", "nt-500m-human"]
//   "data.tokenizer" = ["kmer", "bpe", "nt"]
#include <toml++/toml.h>

#include <string>
#include <vector>

namespace lnc::config {

struct GridAxis {
  std::vector<std::string> keys;            // dotted keys, one for a plain axis
  std::vector<const toml::array*> values;   // one array per key, all of size()
  std::vector<long> lines;                  // source line of each array
  bool zipped = false;                      // a [[grid.zip]] entry (messages name "grid.zip.<key>")
  size_t size() const { return values.front()->size(); }
};

// `grid` must outlive the axes (they point into it). Errors name the file, the line and "grid.<key>".
std::vector<GridAxis> collect_grid_axes(const toml::table& grid, const std::string& file);

}  // namespace lnc::config
