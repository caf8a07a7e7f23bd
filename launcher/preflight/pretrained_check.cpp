#include "launcher/preflight/pretrained_check.h"

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <cstdint>
#include <fstream>
#include <set>

#include "base/input_error.h"
#include "trainer/checkpoint/safetensors.h"
#include "trainer/models/hf_config.h"

namespace lnc::launcher {
namespace {

bool is_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The safetensors header: u64 little-endian length N, N bytes of JSON {name: {dtype, shape, data_offsets}}; every
// tensor's [begin, end) must lie in the data part. Empty string when sound, else what is wrong.
std::string safetensors_header_problem(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return path + " cannot be read";
  const auto size = static_cast<std::uint64_t>(in.tellg());
  in.seekg(0);
  unsigned char length_bytes[8] = {0};
  if (size < 8 || !in.read(reinterpret_cast<char*>(length_bytes), 8)) return path + " is too short for a safetensors file";
  std::uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = (length << 8) | length_bytes[i];
  if (length > size - 8) return path + ": header length " + std::to_string(length) + " exceeds the file";
  std::string header(static_cast<size_t>(length), '\0');
  if (!in.read(header.data(), static_cast<std::streamsize>(length))) return path + ": header cannot be read";
  const std::uint64_t data_size = size - 8 - length;
  try {
    const auto json = nlohmann::json::parse(header);
    if (!json.is_object()) return path + ": header is not a JSON object";
    for (const auto& [name, t] : json.items()) {
      if (name == "__metadata__") continue;
      const auto& offsets = t.at("data_offsets");
      const auto end = offsets.at(1).get<std::uint64_t>();
      if (offsets.at(0).get<std::uint64_t>() > end || end > data_size)
        return path + ": tensor " + name + " lies outside the file (truncated download?)";
    }
  } catch (const std::exception& e) {
    return path + ": header is not valid safetensors JSON (" + e.what() + ")";
  }
  return "";
}

std::string torch_bin_problem(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {0, 0};
  if (!in.read(magic, 2)) return path + " is empty or cannot be read";
  const bool zip = magic[0] == 'P' && magic[1] == 'K';
  const bool legacy = static_cast<unsigned char>(magic[0]) == 0x80;  // pickle protocol marker
  return zip || legacy ? "" : path + " is neither a zip nor a legacy torch.save file";
}

}  // namespace

void check_point_pretrained(const config::RunConfig& run, std::vector<PointIssue>& issues) {
  const std::string& dir = run.model.pretrained;
  if (dir.empty()) return;
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    issues.push_back({"model.pretrained", "pretrained directory " + dir + " does not exist or is not a directory"});
    return;
  }
  try {
    trainer::read_hf_config(dir + "/config.json");
  } catch (const InputError& e) {
    issues.push_back({"model.pretrained", e.what()});
  }
  auto add = [&](const std::string& problem) {
    if (!problem.empty()) issues.push_back({"model.pretrained", problem});
  };
  if (is_file(dir + "/model.safetensors")) return add(safetensors_header_problem(dir + "/model.safetensors"));
  for (const std::string index : {"model.safetensors.index.json", "pytorch_model.bin.index.json"}) {
    if (!is_file(dir + "/" + index)) continue;
    try {
      std::set<std::string> shards;
      for (const auto& [tensor, shard] : trainer::read_safetensors_index(dir + "/" + index)) shards.insert(shard);
      for (const auto& shard : shards) {
        if (!is_file(shard)) add(dir + "/" + index + " names shard " + shard + ", which does not exist");
        else add(index[0] == 'm' ? safetensors_header_problem(shard) : torch_bin_problem(shard));
      }
    } catch (const InputError& e) {
      add(e.what());
    }
    return;
  }
  if (is_file(dir + "/pytorch_model.bin")) return add(torch_bin_problem(dir + "/pytorch_model.bin"));
  add("pretrained directory " + dir + " has no weights (model.safetensors, model.safetensors.index.json or "
      "pytorch_model.bin)");
}

}  // namespace lnc::launcher
