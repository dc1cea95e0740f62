// Trained models as lazy assets (ui/model_store.h): the table baked at configure time (CMake's
// file(SHA256), a peer of core/sha256) matches the committed files; the store checks size and
// SHA-256 of what it finds or downloads and names the damaged or missing file; a download through
// the platform hooks goes Downloading -> Verifying -> Ready, and a bad one is forgotten. The
// Attention lab opens on kjv-gpt with the model's own tokenizer (and old random-model links stay
// random); the Generate widget's tokens equal core generate() for the same seed.
#include <algorithm>
#include <catch2/catch.hpp>
#include <imgui.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "core/head_behaviour.h"
#include "core/json.h"
#include "core/model_loader.h"
#include "core/models/gpt.h"
#include "core/sampling.h"
#include "core/sha256.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "headless_imgui.h"
#include "temp_dir.h"
#include "lab_test_util.h"
#include "ui/host.h"
#include "ui/model_store.h"
#include "ui/widget.h"
#include "ui/widgets/attention_lab.h"

using namespace tmx;
using namespace tmx::ui;
namespace fs = std::filesystem;

namespace {

const std::string kModels = std::string(TMX_SOURCE_DIR) + "/assets/models";

std::string read(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

ModelState settle(ModelStore& s, const std::string& name) {
  ModelState st;
  for (int i = 0; i < 10000; ++i) {
    st = s.want(name, 1e9);
    if (st.phase == ModelPhase::Ready || st.phase == ModelPhase::Failed) break;
  }
  return st;
}

void copy_model(const std::string& name, const fs::path& root) {
  fs::create_directories(root / name);
  for (const auto& f : find_shipped_model(name)->files) fs::copy_file(fs::path(kModels) / name / f.name, root / name / f.name);
}

}  // namespace

TEST_CASE("The baked model table lists the shipped models with their files' sizes and SHA-256", "[ui][models]") {
  std::vector<std::string> names;
  for (const auto& m : shipped_models()) names.push_back(m.name);
  CHECK(names == std::vector<std::string>{"dates-encdec", "kjv-gpt", "kjv-llama", "kjv-mamba", "tang-gpt"});
  for (const auto& m : shipped_models()) {
    INFO(m.name);
    // A language model has its tokenizer file; the encoder-decoder's vocabulary is its task's.
    const bool encdec = std::string(m.type) == "encdec";
    CHECK(std::string(m.type) == (encdec ? "encdec" : m.name == std::string("kjv-llama") ? "llama"
                                                     : m.name == std::string("kjv-mamba") ? "mamba" : "gpt2"));
    REQUIRE(m.files.size() == (encdec ? 2u : 3u));
    for (const auto& f : m.files) {
      const std::string bytes = read(fs::path(kModels) / m.name / f.name);
      CHECK(bytes.size() == f.bytes);
      CHECK(sha256_hex(bytes) == f.sha256);
    }
    CHECK(shipped_model_bytes(m) < 4u * 1024 * 1024);
  }
  // Pickers of language models leave the encoder-decoder out; drop-ins are language models.
  const auto lms = model_store().language_models();
  CHECK(std::find(lms.begin(), lms.end(), "dates-encdec") == lms.end());
  CHECK(std::find(lms.begin(), lms.end(), "kjv-gpt") != lms.end());
}

TEST_CASE("The model store verifies local files and names a damaged, short or missing one", "[ui][models]") {
  test::TempDir tmp("store_local");
  ModelStore store(tmp.path.string());
  copy_model("kjv-gpt", tmp.path);
  ModelState st = settle(store, "kjv-gpt");
  CHECK(st.phase == ModelPhase::Ready);
  CHECK(st.done == st.total);
  CHECK(load_model(store.dir("kjv-gpt"))->model_type() == "gpt2");

  copy_model("kjv-llama", tmp.path);  // same size, one byte flipped
  {
    std::string b = read(tmp.path / "kjv-llama" / "model.safetensors");
    b[b.size() / 2] ^= 1;
    std::ofstream(tmp.path / "kjv-llama" / "model.safetensors", std::ios::binary) << b;
  }
  st = settle(store, "kjv-llama");
  CHECK(st.phase == ModelPhase::Failed);
  CHECK(st.message.find("SHA-256 of model.safetensors") != std::string::npos);

  copy_model("kjv-mamba", tmp.path);  // truncated
  fs::resize_file(tmp.path / "kjv-mamba" / "model.safetensors", 1000);
  st = settle(store, "kjv-mamba");
  CHECK(st.phase == ModelPhase::Failed);
  CHECK(st.message.find("model.safetensors does not have the") != std::string::npos);

  st = settle(store, "tang-gpt");  // not there, and no way to download (no hooks)
  CHECK(st.phase == ModelPhase::Failed);
  CHECK(st.message.find("tang-gpt") != std::string::npos);
  CHECK(st.message.find("missing") != std::string::npos);

  CHECK(settle(store, "no-such").phase == ModelPhase::Failed);
  store.retry("kjv-llama");
  CHECK(store.state("kjv-llama").phase == ModelPhase::Absent);
  CHECK(store.status_json().find("\"kjv-gpt\":{\"phase\":\"ready\"") != std::string::npos);
}

TEST_CASE("The model store downloads through the platform hooks, with progress, and forgets a bad copy", "[ui][models]") {
  test::TempDir tmp("store_fetch");
  ModelStore store(tmp.path.string());
  ModelHooks saved = host().models;
  int polls = 0;
  std::string fetched_name, fetched_files, forgotten;
  bool corrupt = false;
  host().models.unavailable_reason = [] { return std::string(); };
  host().models.fetch = [&](const std::string& name, const std::string& files, const std::string& dir) {
    fetched_name = name, fetched_files = files, polls = 0;
    CHECK(dir == (tmp.path / name).string());
  };
  host().models.poll = [&](const std::string& name) {
    ModelFetchStatus s;
    s.total = shipped_model_bytes(*find_shipped_model(name));
    s.done = std::min(s.total, static_cast<size_t>(++polls) * s.total / 4);
    if (s.done == s.total) {  // the shell writes the files, then reports them
      copy_model(name, tmp.path);
      if (corrupt) fs::resize_file(tmp.path / name / "config.json", 10);
      s.phase = ModelFetchStatus::Written;
    }
    return s;
  };
  host().models.forget = [&](const std::string& name) { forgotten = name; };

  ModelState st = store.want("kjv-gpt", 1e9);
  CHECK(st.phase == ModelPhase::Downloading);
  CHECK(st.progress() == Approx(0.25f));  // the first poll happens in the same call
  CHECK(fetched_name == "kjv-gpt");
  const json::Value files = json::parse(fetched_files);  // the baked list, for the shell
  REQUIRE(files.arr.size() == 3);
  CHECK(files.arr[0].get_string("name") == "config.json");
  std::vector<float> progress;
  for (int i = 0; i < 20 && st.phase == ModelPhase::Downloading; ++i) {
    st = store.want("kjv-gpt", 1e9);
    progress.push_back(st.progress());
  }
  CHECK(progress.size() >= 3);
  CHECK(progress[0] == Approx(0.5f));
  CHECK(settle(store, "kjv-gpt").phase == ModelPhase::Ready);
  CHECK(forgotten.empty());

  corrupt = true;
  st = settle(store, "tang-gpt");
  CHECK(st.phase == ModelPhase::Failed);
  CHECK(st.message.find("config.json") != std::string::npos);
  CHECK(forgotten == "tang-gpt");

  host().models.fetch = nullptr;
  host().models.unavailable_reason = [] { return std::string("the offline single-file build carries only the default model."); };
  st = settle(store, "kjv-mamba");
  CHECK(st.phase == ModelPhase::Failed);
  CHECK(st.message.find("offline single-file build") != std::string::npos);
  host().models = saved;
}

TEST_CASE("The Attention lab opens on kjv-gpt with its own tokenizer; old random-model links stay random", "[ui][models][lab]") {
  AttentionLab lab;
  const std::string text = "In the beginning God created the heaven and the earth.";
  lab.set_params({{"text", text}, {"layer", "2"}, {"head", "1"}});
  lab.compute_now();
  REQUIRE(lab.ready());
  CHECK(lab.model_name() == "kjv-gpt");
  const std::string dir = kModels + "/kjv-gpt";
  std::string err;
  auto tk = tok::load_model_tokenizer(dir, "", err);
  REQUIRE(tk);
  CHECK(lab.ids() == tk->encode(text));
  auto ref = load_model(dir);
  GPT* g = dynamic_cast<GPT*>(ref.get());
  REQUIRE(g);
  Trace tr;
  g->forward_with(lab.ids(), lab.forward_options(), &tr);
  test::check_lab_shows_trace(lab, tr);
  // The all-heads view's labels are score_head on the weights the core computes for these ids.
  REQUIRE(lab.head_scores().size() == 16);
  for (int l = 0; l < 4; ++l)
    for (int h = 0; h < 4; ++h) {
      const Mat* w = tr.get("h." + std::to_string(l) + ".attn.head." + std::to_string(h) + ".weights");
      REQUIRE(w);
      const HeadScores want = score_head(*w, lab.ids());
      const HeadScores& got = lab.head_scores()[static_cast<size_t>(l * 4 + h)];
      CHECK(got.kind == want.kind);
      CHECK(got.previous == Approx(want.previous).margin(1e-5));
      CHECK(got.entropy == Approx(want.entropy).margin(1e-5));
    }
  CHECK(lab.probe_json().find("\"model\":\"kjv-gpt\"") != std::string::npos);

  AttentionLab old;
  old.set_params({{"layers", "2"}, {"heads", "2"}, {"width", "16"}, {"text", "x"}});
  CHECK(old.model_name() == "random");
  AttentionLab chosen;
  chosen.set_params({{"layers", "2"}, {"model", "kjv-mamba"}});  // a Mamba has no attention heads
  chosen.compute_now();
  CHECK(chosen.model_name() == "random");
  bool named = false;
  for (const auto& w : chosen.runtime_warnings()) named |= w.find("kjv-mamba") != std::string::npos;
  CHECK(named);
}

TEST_CASE("Generate widget: the tokens for a seed equal core generate(), for GPT and Mamba models", "[ui][models][generate]") {
  const WidgetInfo* info = find_widget("generate");
  REQUIRE(info);
  for (const char* name : {"kjv-gpt", "kjv-mamba"}) {
    INFO(name);
    auto w = info->create();
    w->set_params({{"model", name}, {"prompt", "And God said"}, {"seed", "5"}, {"T", "0.8"}, {"topk", "20"}, {"gen", "12"}});
    CHECK(w->warnings().empty());
    test::HeadlessImGui g;
    json::Value probe;
    for (int i = 0; i < 400; ++i) {
      g.frame([&] { w->draw(); }, ImVec2(1000, 900));
      probe = json::parse(w->probe_json());
      if (probe.find("tokens")->arr.size() == 12 && !probe.get_bool("busy", true)) break;
    }
    REQUIRE(probe.find("tokens")->arr.size() == 12);
    auto m = load_model(kModels + "/" + name);
    std::string err;
    auto tk = tok::load_model_tokenizer(kModels + "/" + name, "", err);
    REQUIRE(tk);
    SamplerConfig c;
    c.temperature = 0.8f;
    c.top_k = 20;
    const std::vector<int> want = generate(*m, tk->encode("And God said"), 12, c, 5);
    for (size_t i = 0; i < want.size(); ++i) CHECK(probe.find("tokens")->arr[i].as_int() == want[i]);
    CHECK(probe.get_string("text") == tk->decode(want));
    CHECK(probe.find("top")->arr.size() == 10);
    bool gen_in_url = false;
    for (const auto& [k, v] : w->params()) gen_in_url |= k == "gen" && v == "12";
    CHECK(gen_in_url);
  }
}

TEST_CASE("Drop-in checkpoints join the store when they load, and a bad one is named without changing anything", "[ui][models]") {
  test::TempDir tmp("store_drop");
  ModelStore store(tmp.path.string());
  const fs::path golden = fs::path(TMX_SOURCE_DIR) / "tests" / "golden" / "transformer" / "llama";
  fs::create_directories(tmp.path / "a");
  fs::copy_file(golden / "config.json", tmp.path / "a" / "config.json");
  fs::copy_file(golden / "model.safetensors", tmp.path / "a" / "model.safetensors");
  std::ofstream(tmp.path / "a" / "tokenizer.char.txt") << "abcdefghij";
  const size_t before = store.names().size();
  REQUIRE(store.accept_drop((tmp.path / "a").string()));
  CHECK(store.drop_ok());
  CHECK(store.names().size() == before + 1);
  CHECK(store.names().back() == "dropped-llama-1");
  CHECK(store.want("dropped-llama-1").phase == ModelPhase::Ready);
  CHECK(store.dir("dropped-llama-1") == (tmp.path / "a").string());

  fs::create_directories(tmp.path / "b");  // a config naming an architecture the core does not have
  std::ofstream(tmp.path / "b" / "config.json") << R"({"model_type": "bert", "vocab_size": 10})";
  fs::copy_file(golden / "model.safetensors", tmp.path / "b" / "model.safetensors");
  CHECK(!store.accept_drop((tmp.path / "b").string()));
  CHECK(!store.drop_ok());
  CHECK(store.drop_message().find("unsupported model_type \"bert\"") != std::string::npos);
  CHECK(store.names().size() == before + 1);

  fs::create_directories(tmp.path / "c");  // its tokenizer is larger than its vocabulary
  fs::copy_file(golden / "config.json", tmp.path / "c" / "config.json");
  fs::copy_file(golden / "model.safetensors", tmp.path / "c" / "model.safetensors");
  std::ofstream(tmp.path / "c" / "tokenizer.char.txt") << "abcdefghijklmnopqrstuvwxyz";
  CHECK(!store.accept_drop((tmp.path / "c").string()));
  CHECK(store.drop_message().find("its tokenizer has 27 tokens but the model only 13") != std::string::npos);
}
