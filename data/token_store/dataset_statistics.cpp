#include "data/token_store/dataset_statistics.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <stdexcept>

#include "base/input_error.h"
#include "base/split_fields.h"

namespace lnc::data {
namespace {

struct Accumulator {
  std::int64_t n = 0, min = 0, max = 0;
  double sum = 0;
  void add(std::int64_t bases) {
    min = n == 0 ? bases : std::min(min, bases);
    max = n == 0 ? bases : std::max(max, bases);
    sum += static_cast<double>(bases);
    ++n;
  }
  SplitLabelStatistics result(const std::string& split, std::int64_t label) const {
    return {split, label, n, min, max, n > 0 ? sum / static_cast<double>(n) : 0.0};
  }
};

}  // namespace

std::vector<SplitLabelStatistics> split_label_statistics(const std::string& split,
                                                         const std::vector<std::int32_t>& labels,
                                                         const std::vector<std::int32_t>& num_bases) {
  if (labels.size() != num_bases.size())
    throw std::invalid_argument("split_label_statistics: " + std::to_string(labels.size()) + " labels but " +
                                std::to_string(num_bases.size()) + " base counts in split " + split);
  std::map<std::int64_t, Accumulator> by_label;
  Accumulator all;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    by_label[labels[i]].add(num_bases[i]);
    all.add(num_bases[i]);
  }
  std::vector<SplitLabelStatistics> out;
  for (const auto& [label, acc] : by_label) out.push_back(acc.result(split, label));
  out.push_back(all.result(split, -1));
  return out;
}

std::vector<BiotypeExpressionStatistics> parse_expression_stats_tsv(const std::string& text,
                                                                    const std::string& origin) {
  static const char* kHeader = "biotype\tgenes\tvalues\tpooled_mean\tpooled_sd\tper_gene_mean\tper_gene_sd";
  std::istringstream in(text);
  std::string line;
  long number = 0;
  std::vector<BiotypeExpressionStatistics> out;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) {
      if (line != kHeader) throw InputError(origin, number, "", "expected the header \"" + std::string(kHeader) + "\"");
      continue;
    }
    if (line.empty()) continue;
    const auto f = split_tabs(line);
    if (f.size() != 7) throw InputError(origin, number, "", "expected 7 tab-separated fields, found " + std::to_string(f.size()));
    static const char* kColumns[] = {"biotype", "genes", "values", "pooled_mean", "pooled_sd", "per_gene_mean", "per_gene_sd"};
    auto number_at = [&](std::size_t i) {
      try {
        std::size_t used = 0;
        const double v = std::stod(f[i], &used);
        if (used != f[i].size()) throw std::invalid_argument("trailing text");
        return v;
      } catch (const std::exception&) {
        throw InputError(origin, number, kColumns[i], "not a number: \"" + f[i] + "\"");
      }
    };
    BiotypeExpressionStatistics s;
    s.biotype = f[0];
    s.genes = static_cast<std::int64_t>(number_at(1));
    s.values = static_cast<std::int64_t>(number_at(2));
    s.pooled_mean = number_at(3);
    s.pooled_sd = number_at(4);
    s.per_gene_mean = number_at(5);
    s.per_gene_sd = number_at(6);
    out.push_back(std::move(s));
  }
  if (number == 0) throw InputError(origin, 0, "", "empty expression statistics");
  return out;
}

}  // namespace lnc::data
