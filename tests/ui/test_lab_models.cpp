// Attention lab's trained-model picker: it lists the folders of a models directory that hold a
// config.json (the same directory scan runs natively and on the web's preloaded /assets), a
// selected GPT-2 checkpoint drives the lab (its trace equals the core's forward of the same
// checkpoint loaded independently), and broken checkpoints give a clear message, never a crash.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "core/model_loader.h"
#include "core/models/gpt.h"
#include "core/nn/ops.h"
#include "core/softmax.h"
#include "headless_imgui.h"
#include "temp_dir.h"
#include "lab_test_util.h"
#include "tiny_models.h"
#include "ui/fonts.h"
#include "ui/widgets/attention_lab.h"

using namespace tmx;
using namespace tmx::ui;
using tmx::test::max_abs_diff;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary);
  f << text;
}

using test::max_abs_diff;
using test::tiny_gpt_for_lab;

// Draws the lab for a few frames in a headless ImGui context (must not crash or assert).
void draw_frames(AttentionLab& lab, int n) {
  test::HeadlessImGui g;
  for (int i = 0; i < n; ++i) {
    g.frame([&] { lab.draw(); }, ImGui::GetIO().DisplaySize);
    REQUIRE(ImGui::GetDrawData()->TotalVtxCount > 0);
  }
}

bool has_warning(const AttentionLab& lab, const std::string& part) {
  for (const auto& w : lab.runtime_warnings())
    if (w.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("Attention lab lists, loads and shows a trained GPT-2 checkpoint exactly", "[ui][lab][attention][models]") {
  test::TempDir tmp("lab_models");
  {
    GPT g(tiny_gpt_for_lab(), false);
    g.init_random(21);
    fs::create_directories(tmp.path / "tiny-gpt");
    save_model(g, (tmp.path / "tiny-gpt").string());
  }
  fs::create_directories(tmp.path / "not-a-model");  // no config.json: not listed
  write(tmp.path / "stray.txt", "x");

  AttentionLab lab;
  lab.set_models_dir(tmp.path.string());
  REQUIRE(lab.found_models() == std::vector<std::string>{"tiny-gpt"});

  const std::string text = "Models trained by the project ship in assets/models.";
  lab.set_params({{"model", "tiny-gpt"}, {"text", text}, {"layer", "1"}, {"head", "2"}});
  CHECK(lab.warnings().empty());
  lab.compute_now();
  REQUIRE(lab.ready());
  CHECK(lab.model_name() == "tiny-gpt");
  CHECK(lab.params()[2] == std::make_pair(std::string("model"), std::string("tiny-gpt")));
  REQUIRE(lab.model() != nullptr);
  CHECK(lab.model()->cfg.n_embd == 24);
  CHECK(lab.model()->cfg.n_layer == 2);
  CHECK(lab.model()->cfg.n_head == 3);
  // The checkpoint's context (48) is shorter than the text: the lab cuts the tokens, visibly.
  CHECK(lab.ids().size() == 48);

  // The core's forward of the same checkpoint, loaded independently.
  auto ref = load_model((tmp.path / "tiny-gpt").string());
  GPT* g = dynamic_cast<GPT*>(ref.get());
  REQUIRE(g != nullptr);
  Trace tr;
  const Mat logits = g->forward_with(lab.ids(), lab.forward_options(), &tr);
  CHECK(lab.layer() == 1);
  CHECK(lab.head() == 2);
  test::check_lab_shows_trace(lab, tr);
  Mat p;
  softmax_forward(p, logits);
  REQUIRE(lab.next_token_probs().size() == 128);
  for (int i = 0; i < 128; ++i) CHECK(lab.next_token_probs()[i] == p(0, i));
  draw_frames(lab, 3);
}

TEST_CASE("Attention lab: a corrupt, wrong-shape or non-GPT checkpoint shows a clear message", "[ui][lab][attention][models]") {
  test::TempDir tmp("lab_models");
  const GPTConfig c = tiny_gpt_for_lab();
  // Corrupt weights: a valid config.json next to garbage.
  fs::create_directories(tmp.path / "corrupt");
  write(tmp.path / "corrupt" / "config.json", c.to_json());
  write(tmp.path / "corrupt" / "model.safetensors", "this is not a safetensors file");
  // Wrong shape: weights of a width-24 model under a config that says width 32.
  {
    GPT g(c, false);
    g.init_random(1);
    fs::create_directories(tmp.path / "wrong-shape");
    save_model(g, (tmp.path / "wrong-shape").string());
    GPTConfig c32 = c;
    c32.n_embd = 32;
    c32.n_head = 4;
    write(tmp.path / "wrong-shape" / "config.json", c32.to_json());
  }
  // Not JSON at all.
  fs::create_directories(tmp.path / "bad-json");
  write(tmp.path / "bad-json" / "config.json", "{ \"model_type\": ");
  // Missing weights file.
  fs::create_directories(tmp.path / "no-weights");
  write(tmp.path / "no-weights" / "config.json", c.to_json());

  AttentionLab lab;
  lab.set_models_dir(tmp.path.string());
  REQUIRE(lab.found_models().size() == 4);
  for (const char* name : {"corrupt", "wrong-shape", "bad-json", "no-weights"}) {
    INFO(name);
    lab.set_params({{"model", name}, {"text", "hello"}});
    CHECK(lab.warnings().empty());
    lab.compute_now();
    REQUIRE(lab.ready());
    // The lab falls back to the random model and says why, naming the model.
    CHECK(lab.model_name() == "random");
    CHECK(has_warning(lab, std::string("Could not use the model '") + name + "'"));
    REQUIRE(lab.model() != nullptr);
    CHECK(lab.shown("weights") != nullptr);
    for (const auto& w : lab.runtime_warnings()) UNSCOPED_INFO(w);
    draw_frames(lab, 2);
  }
  // The wrong-shape message names the tensor problem, not just "failed".
  lab.set_params({{"model", "wrong-shape"}, {"text", "hello"}});
  lab.compute_now();
  bool shape_named = false;
  for (const auto& w : lab.runtime_warnings()) shape_named |= w.find("shape") != std::string::npos || w.find("24") != std::string::npos;
  CHECK(shape_named);
  // An unknown model in the URL: a parameter warning, random model.
  lab.set_params({{"model", "nope"}});
  CHECK(!lab.warnings().empty());
  CHECK(lab.model_name() == "random");
}
