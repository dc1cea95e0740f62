// Loading checkpoints: F32/F16/BF16 accepted; every kind of bad checkpoint or config rejected
// with an error that names the tensor / field and the problem.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/model_loader.h"
#include "golden_util.h"

using namespace tmx;
using namespace tmx::test;

namespace {

// A scratch model dir holding config text and the given tensors (taken from the GPT golden).
struct Dir {
  std::string path;
  explicit Dir(const std::string& name) : path("/tmp/tmx_ckpt_" + name) {
    std::filesystem::remove_all(path);  // std::filesystem, not a shell: the suite also runs as wasm
    REQUIRE(std::filesystem::create_directories(path));
  }
  void config(const std::string& text) const { write_file_bytes(path + "/config.json", text.data(), text.size()); }
  void weights(const std::vector<uint8_t>& b) const { write_file_bytes(path + "/model.safetensors", b.data(), b.size()); }
};

std::string gpt_config() { return read_file_text(golden("transformer/gpt2/config.json")); }

// The GPT golden's tensors with one of them dropped / replaced.
std::vector<uint8_t> gpt_weights(const std::string& drop = "", const std::string& reshape = "", DType dt = DType::F32) {
  const SafeTensors st = SafeTensors::from_file(golden("transformer/gpt2/model.safetensors"));
  std::vector<Mat> keep;
  std::vector<TensorRef> ts;
  keep.reserve(st.names().size());
  for (const std::string& n : st.names()) {
    if (n == drop) continue;
    keep.push_back(st.get(n));
    std::vector<int64_t> shape = st.info(n).shape;
    if (n == reshape) shape = {shape[0] / 2, 2 * (shape.size() > 1 ? shape[1] : 1)};  // same bytes, wrong shape
    ts.push_back({n, shape, keep.back().data()});
  }
  return safetensors_bytes(ts, {}, dt);
}

}  // namespace

TEST_CASE("checkpoints stored as F16 and BF16 load and run", "[core][checkpoint]") {
  auto ref = load_model(golden("transformer/gpt2"));
  const Mat logits = ref->forward({1, 2, 3});
  for (DType dt : {DType::F16, DType::BF16}) {
    Dir d(std::string("half_") + dtype_name(dt));
    d.config(gpt_config());
    d.weights(gpt_weights("", "", dt));
    auto m = load_model(d.path);
    const Mat l = m->forward({1, 2, 3});
    const double tol = dt == DType::F16 ? 1e-2 : 5e-2;  // rounding of the weights only
    CHECK((l - logits).cwiseAbs().maxCoeff() < tol * logits.cwiseAbs().maxCoeff());
    CHECK(l != logits);
  }
}

TEST_CASE("bad checkpoints are rejected with the tensor named", "[core][checkpoint]") {
  {
    Dir d("missing");
    d.config(gpt_config());
    d.weights(gpt_weights("transformer.h.1.mlp.c_fc.bias"));
    CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("missing tensor 'transformer.h.1.mlp.c_fc.bias'"));
  }
  {
    Dir d("shape");
    d.config(gpt_config());
    d.weights(gpt_weights("", "transformer.h.0.attn.c_attn.weight"));
    CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("'transformer.h.0.attn.c_attn.weight' has shape [4, 48]") &&
                                              Catch::Contains("expected [8, 24]"));
  }
  {
    Dir d("truncated");
    d.config(gpt_config());
    auto b = gpt_weights();
    b.resize(b.size() - 100);
    d.weights(b);
    CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("truncated") && Catch::Contains("tensor '"));
  }
  {
    Dir d("header");
    d.config(gpt_config());
    auto b = gpt_weights();
    b[8] = '[';  // header JSON no longer an object
    d.weights(b);
    CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("bad header"));
  }
  {
    Dir d("dtype");
    d.config(gpt_config());
    auto b = gpt_weights();
    const std::string h(b.begin() + 8, b.begin() + 8 + 200);
    const size_t at = h.find("\"F32\"");  // first tensor's dtype -> "I32": same size, unsupported
    REQUIRE(at != std::string::npos);
    b[8 + at + 1] = 'I';
    d.weights(b);
    CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("unsupported dtype I32") && Catch::Contains("tensor '"));
  }
  {
    Dir d("nan");
    d.config(gpt_config());
    const SafeTensors st = SafeTensors::from_file(golden("transformer/gpt2/model.safetensors"));
    std::vector<Mat> keep;
    std::vector<TensorRef> ts;
    keep.reserve(st.names().size());
    for (const std::string& n : st.names()) {
      keep.push_back(st.get(n));
      if (n == "transformer.ln_f.weight") keep.back()(0, 3) = INFINITY;
      ts.push_back({n, st.info(n).shape, keep.back().data()});
    }
    d.weights(safetensors_bytes(ts));
    CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("'transformer.ln_f.weight' contains NaN or Inf"));
  }
  CHECK_THROWS_WITH(load_model("/tmp/tmx_no_such_dir"), Catch::Contains("config.json"));
}

TEST_CASE("bad config.json files are rejected with the field named", "[core][checkpoint]") {
  Dir d("config");
  d.weights(gpt_weights());
  d.config("{\"model_type\": \"gpt2\", \"n_embd\": 8,, }");
  CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("config.json") && Catch::Contains("json"));
  d.config("{\"n_embd\": 8}");
  CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("missing field 'model_type'"));
  d.config("{\"model_type\": \"bert\"}");
  CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("unsupported model_type \"bert\""));
  d.config(R"({"model_type": "gpt2", "vocab_size": 11, "n_positions": 16, "n_embd": 8, "n_head": 3, "n_layer": 2})");
  CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("n_head"));
  d.config(R"({"model_type": "gpt2", "vocab_size": 11, "n_positions": 16, "n_embd": -8, "n_head": 2, "n_layer": 2})");
  CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("'n_embd'"));
  d.config(R"({"model_type": "gpt2", "vocab_size": 1e15, "n_positions": 16, "n_embd": 8, "n_head": 2, "n_layer": 2})");
  CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("'vocab_size'"));
  d.config(R"({"model_type": "gpt2", "vocab_size": 11, "n_positions": 16, "n_embd": 1, "n_head": 1, "n_layer": 9000000})");
  CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("n_layer"));
  d.config(R"({"model_type": "llama", "vocab_size": 11, "hidden_size": 16, "num_hidden_layers": 1, "num_attention_heads": 4,
               "num_key_value_heads": 3, "intermediate_size": 32, "max_position_embeddings": 16})");
  CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("num_key_value_heads"));
  // a config that disagrees with the weights: the first mismatching tensor is named
  d.config(R"({"model_type": "gpt2", "vocab_size": 12, "n_positions": 16, "n_embd": 8, "n_head": 2, "n_layer": 2})");
  CHECK_THROWS_WITH(load_model(d.path), Catch::Contains("'transformer.wte.weight' has shape [11, 8], expected [12, 8]"));
}

TEST_CASE("models reject bad token ids and over-long inputs", "[core][checkpoint]") {
  auto m = load_model(golden("transformer/gpt2"));
  CHECK_THROWS_WITH(m->forward({1, 11}), Catch::Contains("token id 11"));
  CHECK_THROWS_WITH(m->forward({}), Catch::Contains("empty"));
  CHECK_THROWS_WITH(m->forward(std::vector<int>(17, 1)), Catch::Contains("n_positions"));
  CHECK_THROWS_WITH(m->forward_backward({1, 2}, {2}), Catch::Contains("targets"));
  CHECK_THROWS_WITH(parse_ids("1,2,x"), Catch::Contains("ids"));
  CHECK(parse_ids(" 4, 5 ,6") == std::vector<int>{4, 5, 6});
}

TEST_CASE("GPT-2 checkpoints saved from GPT2Model (no 'transformer.' prefix, mask buffers) load", "[core][checkpoint]") {
  const SafeTensors st = SafeTensors::from_file(golden("transformer/gpt2/model.safetensors"));
  std::vector<Mat> keep;
  std::vector<TensorRef> ts;
  keep.reserve(st.names().size() + 2);
  for (const std::string& n : st.names()) {
    keep.push_back(st.get(n));
    ts.push_back({n.substr(std::string("transformer.").size()), st.info(n).shape, keep.back().data()});
  }
  keep.push_back(Mat::Ones(16, 16));  // the causal-mask buffer HF stores as h.{i}.attn.bias
  ts.push_back({"h.0.attn.bias", {1, 1, 16, 16}, keep.back().data()});
  Dir d("bare");
  d.config(gpt_config());
  d.weights(safetensors_bytes(ts));
  auto m = load_model(d.path);
  CHECK(m->forward({1, 2, 3}) == load_model(golden("transformer/gpt2"))->forward({1, 2, 3}));
  CHECK(m->params()[0].name == "transformer.wte.weight");
}
