// The train widget: its default run gives the losses `tmx train` logged for the same settings;
// paused and resumed it equals an uninterrupted run; its validation losses are the core's
// eval_loss; a downloaded checkpoint loads back through the drop-in loader with the same logits;
// bad text and absurd settings give messages; it draws at desktop and phone widths.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <filesystem>
#include <string>

#include "core/json.h"
#include "core/model_loader.h"
#include "core/safetensors.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "headless_imgui.h"
#include "max_abs_diff.h"
#include "ui/model_store.h"
#include "ui/paths.h"
#include "ui/widgets/train.h"

using namespace tmx;
using namespace tmx::ui;
namespace fs = std::filesystem;

namespace {

void run_until(TrainWidget& w, int step) {
  for (int guard = 0; guard < 100000 && w.trainer() && w.trainer()->steps_done() < step && !w.finished() && w.error().empty();
       ++guard)
    w.run_for(5.0);
}

void run_to_end(TrainWidget& w) {  // the last steps, then the final evaluation and sample
  for (int guard = 0; guard < 100000 && w.started() && !w.finished() && w.error().empty(); ++guard) w.run_for(5.0);
}

Params small_run() {  // a quick run: the tiny GPT, 40 steps, samples every 10
  return {{"size", "tiny"}, {"steps", "40"}, {"every", "10"}, {"ctx", "32"}, {"batch", "4"}, {"warmup", "5"}};
}

std::vector<double> golden_losses() {
  std::vector<double> v;
  for (const auto& row : read_train_log(std::string(TMX_SOURCE_DIR) + "/tests/golden/train/kjv-char-gpt.log.jsonl"))
    v.push_back(row.get_number("loss"));
  return v;
}

}  // namespace

TEST_CASE("Train widget: the default run's first 20 losses are tmx train's for the same settings", "[ui][lab][train]") {
  TrainWidget w;
  w.set_params({});
  REQUIRE(w.start());
  run_until(w, 20);
  const auto golden = golden_losses();
  REQUIRE(golden.size() == 20);
  REQUIRE(w.train_losses().size() >= 20);
  for (size_t i = 0; i < 20; ++i) {
    INFO("step " << i + 1);
    CHECK(w.train_losses()[i] == Approx(golden[i]).margin(2e-6));  // the log prints 6 decimals
  }
  // Step 0: the untrained model's held-out loss, measured as the core measures it.
  REQUIRE(!w.val_losses().empty());
  CHECK(w.val_losses()[0].first == 0);
  auto fresh = create_model(json::parse(w.settings().config_json(w.tokenizer()->vocab_size())), 1337);
  CHECK(w.val_losses()[0].second == Approx(eval_loss(*fresh, w.val_ids(), 64, 8 * 64)).epsilon(1e-6));
  REQUIRE(!w.samples().empty());
  CHECK(w.samples()[0].step == 0);
}

TEST_CASE("Train widget: paused and resumed equals uninterrupted; loss and samples change as it learns", "[ui][lab][train]") {
  TrainWidget a, b;
  a.set_params(small_run());
  b.set_params(small_run());
  REQUIRE(a.start());
  REQUIRE(b.start());
  run_to_end(a);
  REQUIRE(a.finished());
  run_until(b, 13);
  b.pause();
  const int at = b.trainer()->steps_done();
  const bool mid_step = b.trainer()->step_pending();
  for (int i = 0; i < 20; ++i) b.run_for(5.0);  // paused: nothing moves
  CHECK(b.trainer()->steps_done() == at);
  CHECK(b.trainer()->step_pending() == mid_step);
  b.resume();
  run_to_end(b);
  REQUIRE(b.finished());
  CHECK(a.train_losses() == b.train_losses());
  CHECK(a.val_losses() == b.val_losses());
  REQUIRE(a.samples().size() == 5);  // steps 0, 10, 20, 30, 40
  REQUIRE(b.samples().size() == 5);
  for (size_t i = 0; i < 5; ++i) CHECK(a.samples()[i].text == b.samples()[i].text);
  CHECK(a.samples().front().text != a.samples().back().text);
  CHECK(a.val_losses().back().second < a.val_losses().front().second - 0.5f);
  // The validation loss at each sample point is eval_loss of the model as it was then: at the end, now.
  CHECK(a.val_losses().back().second == Approx(eval_loss(*a.model(), a.val_ids(), 32, 8 * 32)).epsilon(1e-6));
}

TEST_CASE("Train widget: a downloaded model loads back through the drop-in loader with the same logits", "[ui][lab][train]") {
  for (const char* arch : {"gpt", "mamba"}) {
    INFO(arch);
    TrainWidget w;
    Params p = small_run();
    p.push_back({"arch", arch});
    w.set_params(p);
    REQUIRE(w.start());
    run_until(w, 12);
    const fs::path dir = fs::temp_directory_path() / ("tmx-train-widget-test-" + std::string(arch));
    fs::remove_all(dir);
    w.save_checkpoint(dir.string());
    ModelStore store((fs::temp_directory_path() / "tmx-train-widget-store").string());
    REQUIRE(store.accept_drop(dir.string()));
    CHECK(store.drop_ok());
    auto back = load_model(store.dir(store.names().back()));
    std::string err;
    auto tk = tok::load_model_tokenizer(dir.string(), gpt2_table_path(), err);
    REQUIRE(tk);
    const std::vector<int> ids(w.val_ids().begin(), w.val_ids().begin() + 30);
    CHECK(tk->encode(w.tokenizer()->decode(ids)) == ids);
    CHECK(test::max_abs_diff(back->forward(ids), w.model()->forward(ids)) == 0.0f);
    fs::remove_all(dir);
  }
}

TEST_CASE("Train widget: empty or short text and absurd settings give messages, never a run", "[ui][lab][train]") {
  TrainWidget w;
  w.set_params({{"text", "custom"}, {"custom", "   \n  "}});
  CHECK(!w.start());
  CHECK(w.error().find("empty") != std::string::npos);
  CHECK(!w.started());
  w.set_params({{"text", "custom"}, {"custom", "abc abc abc"}, {"ctx", "64"}});
  CHECK(!w.start());
  CHECK(w.error().find("too short") != std::string::npos);
  w.set_params({{"lr", "1e9"}, {"steps", "-5"}, {"batch", "nan"}, {"ctx", "100000"}, {"arch", "rnn"}});
  CHECK(w.warnings().size() >= 5);
  CHECK(w.settings().lr <= 1.0f);
  CHECK(w.settings().steps >= 10);
  CHECK(w.settings().context <= 128);
  // A divergent learning rate without clipping: the run stops with a message, the page stays.
  TrainWidget d;
  d.set_params({{"text", "custom"}, {"custom", std::string(3000, 'a') + "b"}, {"lr", "1"}, {"clip", "0"},
                {"size", "tiny"}, {"ctx", "16"}, {"steps", "200"}, {"warmup", "0"}, {"every", "100"}});
  REQUIRE(d.start());
  run_to_end(d);
  CHECK((d.finished() || d.error().find("Training stopped") != std::string::npos));
}

TEST_CASE("Train widget: draws while training at desktop and phone widths, GPT and Mamba", "[ui][lab][train]") {
  for (float width : {1280.0f, 844.0f}) {
    for (const char* arch : {"gpt", "mamba"}) {
      test::HeadlessImGui h(width, 900);
      TrainWidget w;
      Params p = small_run();
      p.push_back({"arch", arch});
      w.set_params(p);
      for (int i = 0; i < 3; ++i) {
        h.frame([&] { w.draw(); }, ImVec2(width, 900));
        CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
      }
      REQUIRE(w.start());
      for (int i = 0; i < 40 && !w.finished(); ++i) {
        h.frame([&] { w.draw(); }, ImVec2(width, 900));
        CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
      }
      CHECK(w.trainer()->steps_done() > 0);
      CHECK(w.error().empty());
      const std::string probe = w.probe_json();
      CHECK(json::parse(probe).get_bool("started", false));
    }
  }
}
