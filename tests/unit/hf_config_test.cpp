// config.json <-> ModelConfig for every family, and the errors for configs we must not guess about.
#include "trainer/models/hf_config.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "tests/unit/test_paths.h"

namespace lnc::trainer {
namespace {

ModelConfig fixture_config(const std::string& name) {
  return read_hf_config(test_paths::source("tests/fixtures/" + name + "/config.json"));
}

std::string error_of(const std::string& json) {
  try {
    parse_hf_config(json, "/models/x/config.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(HfConfig, ReadsDnabert1Bert) {
  const auto c = fixture_config("dnabert1_bert");
  EXPECT_EQ(c.family, "bert");
  EXPECT_EQ(c.vocab_size, 69);
  EXPECT_EQ(c.hidden_size, 32);
  EXPECT_EQ(c.num_layers, 2);
  EXPECT_EQ(c.num_heads, 4);
  EXPECT_EQ(c.intermediate_size, 64);
  EXPECT_EQ(c.max_position_embeddings, 64);
  EXPECT_EQ(c.num_labels, 2);
  EXPECT_LT(c.classifier_dropout, 0);
}

TEST(HfConfig, DetectsDnabert2FromAutoMapOrAlibiKey) {
  const auto c = fixture_config("dnabert2");
  EXPECT_EQ(c.family, "dnabert2");
  EXPECT_EQ(c.num_heads, 12);
  EXPECT_EQ(c.alibi_starting_size, 512);
  // The hub's own config: BertForMaskedLM with auto_map into bert_layers, no pad_token_id.
  const auto hub = parse_hf_config(R"({"architectures": ["BertForMaskedLM"], "auto_map": {"AutoModel": "bert_layers.BertModel"},
      "model_type": "bert", "vocab_size": 4096, "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12,
      "intermediate_size": 3072, "hidden_act": "gelu"})", "config.json");
  EXPECT_EQ(hub.family, "dnabert2");
  EXPECT_EQ(hub.pad_token_id, 0);
  const auto alibi_only = parse_hf_config(R"({"model_type": "bert", "alibi_starting_size": 128, "vocab_size": 10,
      "hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 16})", "config.json");
  EXPECT_EQ(alibi_only.family, "dnabert2");
  EXPECT_EQ(alibi_only.alibi_starting_size, 128);
}

TEST(HfConfig, ReadsNucleotideTransformerVariants) {
  const auto v1 = fixture_config("nt_v1_esm_absolute");
  EXPECT_EQ(v1.family, "esm");
  EXPECT_EQ(v1.position_embedding_type, "absolute");
  EXPECT_EQ(v1.pad_token_id, 1);
  EXPECT_EQ(v1.mask_token_id, 2);
  EXPECT_FALSE(v1.token_dropout);
  EXPECT_FALSE(v1.gated_ffn);
  EXPECT_TRUE(fixture_config("nt_v1_token_dropout").token_dropout);
  const auto rotary = fixture_config("esm_rotary");
  EXPECT_EQ(rotary.position_embedding_type, "rotary");
  EXPECT_FALSE(rotary.gated_ffn);
  const auto v2 = fixture_config("nt_v2_swiglu");
  EXPECT_EQ(v2.position_embedding_type, "rotary");
  EXPECT_TRUE(v2.gated_ffn);
  EXPECT_FALSE(v2.add_bias_ffn);
}

TEST(HfConfig, MissingRequiredKeyNamesFileAndKey) {
  const auto msg = error_of(R"({"model_type": "bert", "vocab_size": 69, "hidden_size": 32, "num_hidden_layers": 2,
      "intermediate_size": 64, "max_position_embeddings": 64})");
  EXPECT_NE(msg.find("/models/x/config.json"), std::string::npos) << msg;
  EXPECT_NE(msg.find("num_attention_heads"), std::string::npos) << msg;
  EXPECT_NE(error_of(R"({"vocab_size": 4})").find("model_type"), std::string::npos);
  EXPECT_NE(error_of(R"({"model_type": "esm", "vocab_size": 9, "hidden_size": 8, "num_hidden_layers": 1,
      "num_attention_heads": 2, "intermediate_size": 16, "max_position_embeddings": 10, "pad_token_id": 1,
      "token_dropout": true})").find("mask_token_id"), std::string::npos);
}

TEST(HfConfig, RefusesUnknownArchitecturesAndUnsupportedOptions) {
  const std::string dims = R"("vocab_size": 9, "hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2,
      "intermediate_size": 16, "max_position_embeddings": 10)";
  auto msg = error_of(R"({"architectures": ["GPT2LMHeadModel"], )" + dims + "}");
  EXPECT_NE(msg.find("architectures"), std::string::npos) << msg;
  EXPECT_NE(msg.find("GPT2LMHeadModel"), std::string::npos) << msg;
  EXPECT_NE(error_of(R"({"model_type": "llama", )" + dims + "}").find("unknown model_type"), std::string::npos);
  EXPECT_NE(error_of(R"({"model_type": "bert", "hidden_act": "relu", )" + dims + "}").find("hidden_act"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"model_type": "bert", "position_embedding_type": "relative_key", )" + dims + "}")
                .find("position_embedding_type"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"model_type": "bert", "vocab_size": 9, "hidden_size": 10, "num_hidden_layers": 1,
      "num_attention_heads": 4, "intermediate_size": 16, "max_position_embeddings": 10})").find("not a multiple"),
            std::string::npos);
  EXPECT_NE(error_of("{not json").find("not valid JSON"), std::string::npos);
}

TEST(HfConfig, WrittenConfigReadsBackIdenticallyForEveryFixture) {
  for (const char* name : {"dnabert1_bert", "dnabert2", "nt_v1_esm_absolute", "nt_v1_token_dropout", "esm_rotary",
                           "nt_v2_swiglu"}) {
    const auto c = fixture_config(name);
    const std::string path = test_paths::scratch_dir() + "/config.json";
    write_hf_config(c, path);
    const auto back = read_hf_config(path);
    EXPECT_EQ(hf_config_json(back), hf_config_json(c)) << name;
    EXPECT_EQ(back.family, c.family) << name;
    EXPECT_EQ(back.gated_ffn, c.gated_ffn) << name;
    EXPECT_EQ(back.token_dropout, c.token_dropout) << name;
    EXPECT_EQ(back.position_embedding_type, c.position_embedding_type) << name;
    EXPECT_EQ(back.num_labels, c.num_labels) << name;
    EXPECT_EQ(back.pad_token_id, c.pad_token_id) << name;
  }
  ModelConfig five;
  five.num_labels = 5;
  EXPECT_EQ(parse_hf_config(hf_config_json(five), "c.json").num_labels, 5);
}

}  // namespace
}  // namespace lnc::trainer
