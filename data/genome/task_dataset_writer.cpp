#include "data/genome/task_dataset_writer.h"

#include "base/atomic_file.h"
#include "base/sha256.h"

namespace lnc::data {

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {

std::string split_csv(const TaskDataset& ds, const std::vector<std::size_t>& rows) {
  std::string out = "sequence,label,gene_id,gene_name,biotype,chrom,tss,strand\n";
  out.reserve(out.size() + rows.size() * (static_cast<std::size_t>(ds.length) + 64));
  for (std::size_t i : rows) {
    const DatasetRow& r = ds.rows[i];
    out += r.sequence;
    out += r.label == 1 ? ",1," : ",0,";
    out += csv_field(r.gene_id) + "," + csv_field(r.gene_name) + "," + csv_field(r.biotype) + "," + csv_field(r.chrom) +
           ",";
    if (r.window.start > 0) out += std::to_string(r.tss);
    out += ",";
    if (r.strand) out += r.strand;
    out += "\n";
  }
  return out;
}

nlohmann::json label_counts(const TaskDataset& ds, const std::vector<std::size_t>& rows) {
  std::int64_t n[2] = {0, 0};
  for (std::size_t i : rows) ++n[ds.rows[i].label == 1 ? 1 : 0];
  return {{"0", n[0]}, {"1", n[1]}, {"total", n[0] + n[1]}};
}

}  // namespace

BuiltDataset write_task_dataset(const TaskDataset& ds, const SplitAssignment& split, const std::string& dir,
                                const nlohmann::json& shared_manifest) {
  make_directories(dir);
  BuiltDataset built;
  built.name = ds.name();
  built.train_csv = dir + "/train.csv";
  built.dev_csv = dir + "/dev.csv";
  built.test_csv = dir + "/test.csv";
  built.manifest = dir + "/manifest.json";

  nlohmann::json manifest = shared_manifest;
  nlohmann::json files = nlohmann::json::object();
  nlohmann::json counts = nlohmann::json::object();
  const std::pair<const char*, const std::vector<std::size_t>*> splits[] = {
      {"train", &split.train}, {"dev", &split.dev}, {"test", &split.test}};
  for (const auto& [name, rows] : splits) {
    std::string content = split_csv(ds, *rows);
    std::string file = std::string(name) + ".csv";
    write_file_atomic(dir + "/" + file, content);
    files[file] = {{"sha256", sha256_hex(content)}, {"rows", rows->size()}};
    counts[name] = label_counts(ds, *rows);
  }
  for (const auto& [file, content] : ds.extra_files) {
    write_file_atomic(dir + "/" + file, content);
    files[file] = {{"sha256", sha256_hex(content)}};
  }
  nlohmann::json labels = nlohmann::json::object();
  for (const auto& [label, meaning] : ds.label_meaning) labels[std::to_string(label)] = meaning;
  manifest["name"] = ds.name();
  manifest["task"] = ds.task;
  manifest["length"] = ds.length;
  manifest["labels"] = labels;
  manifest["counts"] = counts;
  manifest["groups"] = split.groups;
  manifest["skips"] = ds.skips;
  manifest["details"] = ds.details;
  manifest["files"] = files;
  write_file_atomic(built.manifest, manifest.dump(2) + "\n");
  return built;
}

}  // namespace lnc::data
