#include "trainer/run_model.h"

#include <sys/stat.h>

#include "base/input_error.h"
#include "data/tokenizers/tokenizer_loader.h"
#include "trainer/lora/peft_adapter.h"
#include "trainer/models/model_directory.h"

namespace lnc::trainer {
namespace {

bool is_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

RunModel from_directory(const std::string& dir) {
  RunModel out;
  out.tokenizer = data::load_tokenizer(dir);
  out.model = load_model_directory(dir).model;
  out.source = dir;
  return out;
}

}  // namespace

RunModel load_run_model(const std::string& run_dir, const std::string& pretrained) {
  RunModel out;
  if (is_file(run_dir + "/merged/config.json")) {
    out = from_directory(run_dir + "/merged");
  } else if (is_file(run_dir + "/adapter/adapter_config.json")) {
    if (pretrained.empty())
      throw InputError(run_dir + "/adapter", 0, "",
                       "a LoRA adapter on a randomly initialised base cannot be rebuilt (the base is not saved); "
                       "rerun with [lora] export_merged = true");
    out = from_directory(pretrained);
    load_peft_adapter(*out.model, run_dir + "/adapter");
    out.source = run_dir + "/adapter on " + pretrained;
  } else if (is_file(run_dir + "/config.json")) {
    out = from_directory(run_dir);
  } else {
    throw InputError(run_dir, 0, "", "no exported model: expected merged/config.json, adapter/adapter_config.json "
                                     "(a LoRA run) or config.json (a model directory); full fine-tunes export no "
                                     "weights");
  }
  out.model->eval();
  if (out.tokenizer->vocab_size() > out.model->config().vocab_size)
    throw InputError(out.source, 0, "vocab_size", "the tokenizer has " + std::to_string(out.tokenizer->vocab_size()) +
                                                      " tokens, more than the model's " +
                                                      std::to_string(out.model->config().vocab_size));
  if (out.model->config().num_labels < 2)
    throw InputError(out.source, 0, "num_labels", "variant scoring needs a classifier with at least two labels");
  return out;
}

}  // namespace lnc::trainer
