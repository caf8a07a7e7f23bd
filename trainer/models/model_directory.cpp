#include "trainer/models/model_directory.h"

#include <ftw.h>
#include <unistd.h>

#include <cstdio>

#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "base/remove_tree.h"
#include "base/strings.h"
#include "trainer/checkpoint/pytorch_bin.h"
#include "trainer/checkpoint/safetensors_torch.h"
#include "trainer/models/hf_config.h"
#include "trainer/models/model_factory.h"

namespace lnc::trainer {
namespace fs = std::filesystem;

namespace {

bool under_any(const std::string& name, const std::vector<std::string>& prefixes) {
  for (const auto& p : prefixes)
    if (starts_with(name, p)) return true;
  return false;
}

std::string shape_string(const torch::Tensor& t) {
  std::ostringstream out;
  out << t.sizes();
  return out.str();
}

// Buffers HF registers as non-persistent today but older checkpoints (e.g. DNABERT's pytorch_model.bin) contain.
bool is_known_buffer(const std::string& name) {
  return ends_with(name, "embeddings.position_ids") || ends_with(name, "embeddings.token_type_ids") ||
         ends_with(name, "rotary_embeddings.inv_freq");
}

// model.safetensors.index.json or pytorch_model.bin.index.json (the same "weight_map" layout) and its shards.
std::map<std::string, torch::Tensor> read_sharded(const std::string& index_path) {
  std::map<std::string, std::vector<std::string>> by_shard;
  for (const auto& [tensor, shard] : read_safetensors_index(index_path)) by_shard[shard].push_back(tensor);
  std::map<std::string, torch::Tensor> out;
  for (const auto& [shard, names] : by_shard) {
    if (!fs::exists(shard))
      throw InputError(index_path, 0, "weight_map." + names.front(), "shard file " + shard + " does not exist");
    const auto tensors = ends_with(shard, ".safetensors") ? load_safetensors(shard) : load_pytorch_bin(shard);
    for (const auto& name : names) {
      const auto it = tensors.find(name);
      if (it == tensors.end())
        throw InputError(shard, 0, name, "tensor listed in " + index_path + " is not in this shard");
      out.emplace(name, it->second);
    }
  }
  return out;
}

void copy_tokenizer_files(const std::string& from, const fs::path& to) {
  if (from.empty()) return;
  for (const char* name : {"vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"}) {
    const fs::path src = fs::path(from) / name;
    if (!fs::exists(src)) continue;
    std::error_code ec;
    fs::copy_file(src, to / name, fs::copy_options::overwrite_existing, ec);
    if (ec) throw InputError(src.string(), 0, "", "cannot copy tokenizer file: " + ec.message());
  }
}

}  // namespace

std::string LoadReport::summary() const {
  std::ostringstream out;
  out << "loaded " << loaded << " tensors from " << source;
  if (converted > 0) out << " (" << converted << " converted to the model dtype)";
  out << "\n";
  auto list = [&](const char* what, const std::vector<std::string>& names) {
    if (names.empty()) return;
    out << "  " << what << " (" << names.size() << "):";
    for (const auto& n : names) out << " " << n;
    out << "\n";
  };
  list("missing from the checkpoint, freshly initialised", missing);
  list("mis-shaped head tensors, freshly initialised", mismatched);
  list("unexpected in the checkpoint, ignored", unexpected);
  list("known buffers, ignored", ignored);
  list("renamed", renamed);
  return out.str();
}

std::map<std::string, torch::Tensor> read_checkpoint_tensors(const std::string& dir, std::string& source) {
  const fs::path d(dir);
  if (fs::exists(d / "model.safetensors")) {
    source = (d / "model.safetensors").string();
    return load_safetensors(source);
  }
  if (fs::exists(d / "model.safetensors.index.json")) {
    source = (d / "model.safetensors.index.json").string();
    return read_sharded(source);
  }
  if (fs::exists(d / "pytorch_model.bin")) {
    source = (d / "pytorch_model.bin").string();
    return load_pytorch_bin(source);
  }
  if (fs::exists(d / "pytorch_model.bin.index.json")) {
    source = (d / "pytorch_model.bin.index.json").string();
    return read_sharded(source);
  }
  throw InputError(dir, 0, "", "no model weights: expected model.safetensors, model.safetensors.index.json, "
                               "pytorch_model.bin or pytorch_model.bin.index.json in this folder");
}

std::vector<std::pair<std::string, torch::Tensor>> state_dict(const SequenceClassifier& model) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& p : model.named_parameters(/*recurse=*/true)) out.emplace_back(p.key(), p.value());
  for (const auto& b : model.named_buffers(/*recurse=*/true)) out.emplace_back(b.key(), b.value());
  return out;
}

LoadReport load_state_dict(SequenceClassifier& model, std::map<std::string, torch::Tensor> tensors,
                           const std::string& source) {
  LoadReport report;
  report.source = source;
  std::map<std::string, torch::Tensor> targets;
  std::set<std::string> buffers;
  for (const auto& [name, t] : state_dict(model)) targets.emplace(name, t);
  for (const auto& b : model.named_buffers(true)) buffers.insert(b.key());
  const std::string base = targets.empty() ? "" : targets.begin()->first.substr(0, targets.begin()->first.find('.') + 1);

  // Map checkpoint names onto model names: exact first, then the old LayerNorm gamma/beta spelling and the
  // missing base-model prefix (a bare BertModel / EsmModel saved without "bert." / "esm.").
  std::map<std::string, torch::Tensor> found;
  for (auto& [name, tensor] : tensors) {
    std::string n = name;
    if (!targets.count(n)) {
      if (ends_with(n, ".gamma")) n = n.substr(0, n.size() - 6) + ".weight";
      else if (ends_with(n, ".beta")) n = n.substr(0, n.size() - 5) + ".bias";
      if (!targets.count(n) && targets.count(base + n)) n = base + n;
      if (!targets.count(n)) n = name;
    }
    if (targets.count(n) && !found.count(n) && (n == name || !tensors.count(n))) {
      if (n != name) report.renamed.push_back(name + " -> " + n);
      found.emplace(n, tensor);
    } else if (is_known_buffer(name)) {
      report.ignored.push_back(name);
    } else {
      report.unexpected.push_back(name);
    }
  }

  const auto heads = model.head_parameter_prefixes();
  const auto optional = model.optional_parameter_prefixes();
  std::vector<std::string> refused;
  torch::NoGradGuard no_grad;
  for (auto& [name, target] : targets) {
    const bool required = !buffers.count(name) && !under_any(name, heads) && !under_any(name, optional);
    auto it = found.find(name);
    if (it == found.end()) {
      report.missing.push_back(name);
      if (required) refused.push_back(name + ": missing");
      continue;
    }
    const auto& t = it->second;
    if (t.sizes() != target.sizes()) {
      const std::string what = name + ": checkpoint " + shape_string(t) + " vs model " + shape_string(target);
      if (required || buffers.count(name)) refused.push_back(what);
      else report.mismatched.push_back(what);
      continue;
    }
    if (t.scalar_type() != target.scalar_type()) ++report.converted;
    target.copy_(t);
    ++report.loaded;
  }
  if (!refused.empty()) {
    std::string list;
    for (size_t i = 0; i < refused.size() && i < 8; ++i) list += "\n  " + refused[i];
    if (refused.size() > 8) list += "\n  ... and " + std::to_string(refused.size() - 8) + " more";
    throw InputError(source, 0, refused.front().substr(0, refused.front().find(':')),
                     std::to_string(refused.size()) + " encoder tensor(s) missing or mis-shaped for a '" +
                         model.config().family + "' model with this config.json (wrong checkpoint or config?):" + list);
  }
  return report;
}

LoadedModel load_model_directory(const std::string& dir, const LoadOptions& options) {
  const std::string config_path = (fs::path(dir) / "config.json").string();
  if (!fs::exists(config_path)) throw InputError(config_path, 0, "", "model directory has no config.json");
  ModelConfig config = read_hf_config(config_path);
  if (options.num_labels) config.num_labels = *options.num_labels;
  LoadedModel out;
  out.model = create_model(config);
  std::string source;
  auto tensors = read_checkpoint_tensors(dir, source);
  out.report = load_state_dict(*out.model, std::move(tensors), source);
  std::cerr << "lnctrain: " << out.report.summary();
  return out;
}

void save_model_directory(const SequenceClassifier& model, const std::string& dir,
                          const std::string& tokenizer_files_from_dir) {
  const fs::path final_dir = fs::absolute(dir);
  make_directories(final_dir.parent_path().string());
  const fs::path temp = final_dir.string() + ".tmp." + std::to_string(::getpid());
  remove_tree(temp);
  make_directories(temp.string());
  try {
    write_hf_config(model.config(), (temp / "config.json").string());
    save_safetensors((temp / "model.safetensors").string(), state_dict(model));
    copy_tokenizer_files(tokenizer_files_from_dir, temp);
    // A directory cannot be renamed over a non-empty one: move the old one aside first, drop it afterwards.
    const fs::path old = final_dir.string() + ".old." + std::to_string(::getpid());
    const bool replacing = fs::exists(final_dir);
    if (replacing) fs::rename(final_dir, old);
    fs::rename(temp, final_dir);
    if (replacing) remove_tree(old);
  } catch (const fs::filesystem_error& e) {
    remove_tree(temp);
    throw InputError(final_dir.string(), 0, "", std::string("cannot write model directory: ") + e.what());
  } catch (...) {
    remove_tree(temp);
    throw;
  }
}

}  // namespace lnc::trainer
