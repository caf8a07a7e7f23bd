// The repository's structure as tests: the include layering (README, "Layout") and the paths the docs name.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/unit/test_paths.h"

namespace lnc {
namespace {

namespace fs = std::filesystem;

// Layer of each top-level source folder, bottom first; a file may include its own folder or a lower layer.
// data/cluster and trainer/results are pairs of one layer that do not include each other.
const std::map<std::string, int>& layers() {
  static const std::map<std::string, int> m{{"base", 0},    {"config", 1},  {"data", 2},    {"cluster", 2},
                                            {"trainer", 3}, {"results", 3}, {"launcher", 4}};
  return m;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct SourceFile {
  std::string path;    // relative to the checkout, e.g. "trainer/training_run.cpp"
  std::string folder;  // top-level folder
  std::vector<std::string> includes;  // quoted includes, as written
};

std::vector<SourceFile> layered_sources() {
  std::vector<SourceFile> out;
  const std::regex include_line(R"re(^\s*#\s*include\s+"([^"]+)")re");
  for (const auto& [folder, layer] : layers()) {
    for (const auto& entry : fs::recursive_directory_iterator(test_paths::source(folder))) {
      const auto ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".h" && ext != ".cpp")) continue;
      SourceFile f;
      f.path = fs::relative(entry.path(), test_paths::source_dir()).string();
      f.folder = folder;
      std::istringstream text(read_file(entry.path()));
      std::string line;
      std::smatch m;
      while (std::getline(text, line))
        if (std::regex_search(line, m, include_line)) f.includes.push_back(m[1]);
      out.push_back(std::move(f));
    }
  }
  return out;
}

std::string top_folder(const std::string& include) { return include.substr(0, include.find('/')); }

TEST(RepositoryLayout, NoIncludePointsUpOrSideways) {
  const auto sources = layered_sources();
  ASSERT_GT(sources.size(), 100u);  // the walk found the tree
  std::vector<std::string> violations;
  for (const auto& f : sources) {
    const int own = layers().at(f.folder);
    for (const auto& inc : f.includes) {
      const auto it = layers().find(top_folder(inc));
      if (it == layers().end() || it->first == f.folder) continue;
      if (it->second >= own) violations.push_back(f.path + " includes " + inc);
    }
  }
  EXPECT_TRUE(violations.empty()) << [&] {
    std::string s;
    for (const auto& v : violations) s += "  " + v + "\n";
    return s;
  }();
}

// data/, cluster/, trainer/ and results/ never see TOML: the TOML reader and what includes it stay in config/ and
// launcher/. Checked through config/'s own headers, so a typed-config header that starts including TOML fails too.
TEST(RepositoryLayout, TomlStaysInConfigAndLauncher) {
  const auto sources = layered_sources();
  std::map<std::string, const SourceFile*> by_path;
  for (const auto& f : sources) by_path[f.path] = &f;
  std::map<std::string, bool> memo;
  std::function<bool(const std::string&)> sees_toml = [&](const std::string& path) -> bool {
    if (auto it = memo.find(path); it != memo.end()) return it->second;
    memo[path] = false;  // include cycles end here
    const auto it = by_path.find(path);
    bool toml = false;
    if (it != by_path.end()) {
      toml = read_file(test_paths::source(path)).find("#include <toml++/") != std::string::npos;
      for (const auto& inc : it->second->includes) toml = toml || sees_toml(inc);
    }
    return memo[path] = toml;
  };
  ASSERT_TRUE(sees_toml("config/toml_reader.h"));  // the check can see TOML where it is
  std::vector<std::string> violations;
  for (const auto& f : sources)
    if (f.folder != "config" && f.folder != "launcher" && sees_toml(f.path)) violations.push_back(f.path);
  EXPECT_TRUE(violations.empty()) << "files outside config/ and launcher/ that reach a TOML header: " << [&] {
    std::string s;
    for (const auto& v : violations) s += v + " ";
    return s;
  }();
}

// Repository paths named in README.md and docs/*.md exist. A path with a placeholder (<...>, {...}, *, ...) is a
// pattern, not a path, and outputs the project writes at run time are listed here with where they come from.
TEST(RepositoryLayout, PathsNamedInTheDocsExist) {
  const std::set<std::string> written_at_run_time{
      "results/gpu",  // tests/gpu/run.sh's default output folder
      "results/out",  // the report's default output folder (.gitignore)
  };
  std::vector<fs::path> docs{test_paths::source("README.md")};
  for (const auto& entry : fs::directory_iterator(test_paths::source("docs")))
    if (entry.path().extension() == ".md") docs.push_back(entry.path());
  for (const char* folder : {"base", "config", "data", "cluster", "trainer", "results", "launcher", "tests", "configs"})
    for (const auto& entry : fs::recursive_directory_iterator(test_paths::source(folder)))
      if (entry.path().filename() == "README.md") docs.push_back(entry.path());
  const std::regex path_like(
      R"re((\.ci|base|config|configs|data|cluster|trainer|results|launcher|tests|docs)/[A-Za-z0-9_./+<>{}*-]*)re");
  std::vector<std::string> missing;
  std::size_t checked = 0;
  for (const auto& doc : docs) {
    const std::string text = read_file(doc);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), path_like); it != std::sregex_iterator(); ++it) {
      const auto pos = static_cast<std::size_t>(it->position(0));
      if (pos > 0) {  // part of a longer path or word (../shared/docs, build/results, ...)
        const char before = text[pos - 1];
        if (std::isalnum(static_cast<unsigned char>(before)) || before == '/' || before == '.' || before == '_' ||
            before == '-' || before == '$' || before == '~')
          continue;
      }
      std::string path = it->str(0);
      while (!path.empty() && (path.back() == '.' || path.back() == '-')) path.pop_back();
      if (path.find_first_of("<>{}*") != std::string::npos || path.find("...") != std::string::npos) continue;
      std::string stem = path;
      while (!stem.empty() && stem.back() == '/') stem.pop_back();
      if (written_at_run_time.count(stem)) continue;
      ++checked;
      const fs::path doc_dir = doc.parent_path();
      if (!fs::exists(test_paths::source(path)) && !fs::exists(doc_dir / path))
        missing.push_back(fs::relative(doc, test_paths::source_dir()).string() + ": " + path);
    }
  }
  EXPECT_GT(checked, 50u);
  EXPECT_TRUE(missing.empty()) << [&] {
    std::string s;
    for (const auto& m : missing) s += "  " + m + "\n";
    return s;
  }();
}

}  // namespace
}  // namespace lnc
