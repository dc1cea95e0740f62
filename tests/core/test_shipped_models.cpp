// The shipped models (assets/models/NAME/, made by scripts/train_models.sh): each checkpoint's
// held-out loss equals the figure recorded in its train_log.jsonl, and the first 20 steps of one
// recipe, retrained here, match the recorded log. The held-out and training texts are extracted
// at build time by scripts/prepare_data.py into TMX_GEN_DIR/data (target tmx_model_data).
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/json.h"
#include "core/model_loader.h"
#include "core/safetensors.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "core/train.h"
#include "../temp_dir.h"

using namespace tmx;

namespace {

const std::string kShippedDir = std::string(TMX_SOURCE_DIR) + "/assets/models";
const std::string kData = std::string(TMX_GEN_DIR) + "/data";
const std::string kGpt2 = std::string(TMX_GEN_DIR) + "/assets/tokenizers/gpt2.tmxbpe";

// A recipe line of scripts/train_models.sh: "name|config|train|val|tokenizer|--key value ...".
struct Recipe {
  std::string name, config, train, val, tokenizer;
  std::map<std::string, std::string> opt;
  double num(const std::string& k) const {
    auto it = opt.find(k);
    REQUIRE(it != opt.end());
    return std::stod(it->second);
  }
};

// "--key value ..." into opt; like the CLI, the first occurrence of a key wins (a recipe's own
// options come before COMMON's on the command line).
void parse_options(const std::string& text, std::map<std::string, std::string>& opt) {
  std::istringstream in(text);
  std::string k, v;
  while (in >> k >> v) opt.emplace(k.substr(2), v);
}

Recipe recipe(const std::string& name) {
  std::ifstream in(std::string(TMX_SOURCE_DIR) + "/scripts/train_models.sh");
  Recipe r;
  std::string common;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("COMMON=(", 0) == 0) common = line.substr(8, line.find(')') - 8);
    const size_t q = line.find("\"" + name + "|");
    if (q == std::string::npos) continue;
    std::vector<std::string> f;
    std::string cell;
    std::istringstream cells(line.substr(q + 1, line.rfind('"') - q - 1));
    while (std::getline(cells, cell, '|')) f.push_back(cell);
    REQUIRE(f.size() == 6);
    r.name = f[0], r.config = f[1], r.train = f[2], r.val = f[3], r.tokenizer = f[4];
    parse_options(f[5], r.opt);
  }
  REQUIRE(r.name == name);
  parse_options(common, r.opt);
  return r;
}

std::vector<json::Value> read_log(const std::string& dir) { return read_train_log(dir + "/train_log.jsonl"); }

std::string text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  INFO(path << " is missing: it is extracted by scripts/prepare_data.py from Debian's bible-kjv and fortunes-zh");
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> shipped() {
  std::vector<std::string> names;
  if (std::filesystem::is_directory(kShippedDir))
    for (const auto& e : std::filesystem::directory_iterator(kShippedDir))
      if (std::filesystem::exists(e.path() / "train_log.jsonl") &&
          json::parse(read_file_text((e.path() / "config.json").string())).get_string("model_type", "") != "encdec")
        names.push_back(e.path().filename().string());  // language models (dates-encdec: test_seq2seq.cpp)
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("every shipped checkpoint's held-out loss equals its recorded figure", "[core][shipped]") {
  const auto names = shipped();
  REQUIRE(names.size() >= 4);
  for (const auto& name : names) {
    INFO(name);
    const std::string dir = kShippedDir + "/" + name;
    const Recipe r = recipe(name);
    const json::Value fin = read_log(dir).back();
    REQUIRE(fin.get_bool("final", false));
    auto model = load_model(dir);
    std::string err;
    auto tk = tok::load_model_tokenizer(dir, kGpt2, err);
    REQUIRE(tk);
    const std::vector<int> val = tk->encode(text_file(kData + "/" + r.val));
    const double got = eval_loss(*model, val, int(r.num("context")), int(fin.get_int("val_tokens")));
    CHECK(got == Approx(fin.get_number("val_loss")).margin(1e-4));
    CHECK(got < fin.get_number("bigram_val_loss"));  // the model beats the bigram baseline
    CHECK(fin.get_int("params") == param_count(model->params()));
    CHECK(std::filesystem::file_size(dir + "/model.safetensors") <= 4u * 1000 * 1000);
    CHECK(SafeTensors::from_file(dir + "/model.safetensors").info(model->params()[0].name).dtype == DType::F16);
  }
}

TEST_CASE("the first 20 steps of the kjv-gpt recipe reproduce its recorded log", "[core][shipped]") {
  // Tolerance: 2e-3 nats on the loss. The run is deterministic for a seed and thread count, but
  // a build with other vector instructions (e.g. -march=native: FMA in Eigen's kernels) rounds
  // the matmuls differently, and 20 AdamW steps carry those differences into the weights.
  const Recipe r = recipe("kjv-gpt");
  const std::string dir = kShippedDir + "/kjv-gpt";
  json::Value cfg = json::parse(read_file_text(dir + "/config.json"));
  std::string err;
  auto tk = tok::load_model_tokenizer(dir, kGpt2, err);
  REQUIRE(tk);
  TrainOptions o;
  o.steps = int(r.num("steps"));
  o.batch = int(r.num("batch"));
  o.context = int(r.num("context"));
  o.lr = float(r.num("lr"));
  o.min_lr = float(r.num("min-lr"));
  o.warmup = int(r.num("warmup"));
  o.seed = uint32_t(r.num("seed"));
  o.threads = int(r.num("threads"));
  auto model = create_model(cfg, o.seed);
  Trainer tr(*model, tk->encode(text_file(kData + "/" + r.train)), {}, o);
  std::map<int, double> recorded;
  for (const auto& row : read_log(dir))
    if (!row.get_bool("final", false)) recorded[int(row.get_int("step"))] = row.get_number("loss");
  int checked = 0;
  while (tr.steps_done() < 20) {
    const int s = tr.step();
    if (recorded.count(s)) {
      INFO("step " << s);
      CHECK(tr.last_loss() == Approx(recorded[s]).margin(2e-3));
      ++checked;
    }
  }
  CHECK(checked == 2);  // steps 10 and 20 are in the log
}

TEST_CASE("a model loaded for inference only holds the same weights, runs the same, and refuses to train",
          "[core][shipped][checkpoint]") {
  for (const char* name : {"kjv-gpt", "kjv-llama", "kjv-mamba"}) {
    INFO(name);
    const std::string dir = kShippedDir + "/" + name;
    auto full = load_model(dir);
    auto run = load_model(dir, Gradients::None);
    REQUIRE(run->model_type() == full->model_type());
    ParamList a = full->params(), b = run->params();
    REQUIRE(a.size() == b.size());
    int64_t grads_full = 0, grads_run = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      INFO(a[i].name);
      CHECK(b[i].name == a[i].name);
      CHECK(*b[i].value == *a[i].value);  // read into place: same shapes, same values
      grads_full += a[i].grad->size();
      grads_run += b[i].grad->size();
    }
    CHECK(grads_full == param_count(a));
    CHECK(grads_run == 0);
    const std::vector<int> ids = {1, 2, 3, 4, 5};
    CHECK(run->forward(ids) == full->forward(ids));
    CHECK_THROWS_WITH(run->forward_backward(ids, ids), Catch::Contains("inference only"));
    CHECK(std::isfinite(full->forward_backward(ids, ids)));
  }
}

TEST_CASE("ModelLoader builds the model load_model builds: the header, the plan, the file in pieces, then one tensor per step, with the same errors",
          "[core][shipped][checkpoint]") {
  for (const char* name : {"kjv-gpt", "kjv-llama", "kjv-mamba"}) {
    INFO(name);
    const std::string dir = kShippedDir + "/" + name;
    auto whole = load_model(dir, Gradients::None);
    ModelLoader l(dir, Gradients::None);
    CHECK(l.take() == nullptr);  // nothing before it is done
    CHECK(l.steps_total() == 1);
    int steps = 0;
    float last = -1;
    while (!l.step()) {
      ++steps;
      CHECK(l.progress() > last);
      CHECK(l.progress() < 1.0f);
      last = l.progress();
    }
    const uint64_t data = SafeTensors::open_file(dir + "/model.safetensors").data_bytes();
    const int pieces = static_cast<int>((data + ModelLoader::kReadBytes - 1) / ModelLoader::kReadBytes);
    CHECK(pieces > 1);  // the shipped models are larger than one piece
    // the header, the plan, the data in pieces, then one per tensor
    CHECK(steps == 2 + pieces + static_cast<int>(whole->params().size()));
    CHECK(l.steps_total() == steps + 1);                               // and the last, the checks
    CHECK(l.progress() == 1.0f);
    auto stepped = l.take();
    REQUIRE(stepped);
    ParamList a = whole->params(), b = stepped->params();
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) CHECK(*b[i].value == *a[i].value);
    CHECK(stepped->forward({3, 1, 4}) == whole->forward({3, 1, 4}));
  }
  // A file cut short: the first step says what load_model says, and the loader is then done.
  test::TempDir tmp("model_loader");
  const std::string dir = tmp.path.string();
  std::filesystem::copy_file(kShippedDir + "/kjv-gpt/config.json", dir + "/config.json");
  std::string bytes;
  {
    std::ifstream in(kShippedDir + "/kjv-gpt/model.safetensors", std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::ofstream(dir + "/model.safetensors", std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 2));
  std::string whole_error;
  try {
    load_model(dir);
  } catch (const std::exception& e) {
    whole_error = e.what();
  }
  REQUIRE(!whole_error.empty());
  ModelLoader bad(dir);
  CHECK_THROWS_WITH(bad.step(), whole_error);
  CHECK(bad.done());
  CHECK(bad.take() == nullptr);
}
